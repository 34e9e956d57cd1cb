"""Config rules for data protection: proportionality, retention periods, file permissions."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from privacy_support import make_config, write_config

from schoolwatch.config import load_config
from schoolwatch.errors import ConfigError
from schoolwatch.proportionality import feed_url_problem, subreddit_problem

REDDIT = '\n[reddit]\nuser_agent = "schoolwatch test"\nsubreddits = [{entries}]\n'


@pytest.mark.parametrize("entry", ["u/someone", "/u/someone", "user/someone", "U_someone",
                                   "r/u_someone", "https://www.reddit.com/user/someone",
                                   "@someone"])
def test_reddit_user_profiles_are_refused(tmp_path: Path, entry: str):
    extra = REDDIT.format(entries=f'"Luton", "{entry}"')
    with pytest.raises(ConfigError) as caught:
        make_config(tmp_path, extra=extra)
    message = str(caught.value)
    assert "[reddit]" in message and "never individual people's accounts" in message
    assert "line" in message and entry in message


@pytest.mark.parametrize("url", [
    "https://www.reddit.com/user/someone/.rss",
    "https://old.reddit.com/u/someone/comments.rss",
    "https://twitter.com/someone",
    "https://x.com/someone/rss",
    "https://nitter.net/someone/rss",
    "https://www.facebook.com/jane.example",
    "https://facebook.com/profile.php?id=1000",
    "https://www.instagram.com/someone/",
    "https://www.youtube.com/@someone",
    "https://mastodon.example/@someone.rss",
    "https://bsky.app/profile/someone.example",
    "https://localnews.example/author/jane-example/feed/",
    "https://localnews.example/feed/?author=12",
])
def test_feeds_of_a_persons_account_are_refused(tmp_path: Path, url: str):
    extra = f'\n[[feed]]\nurl = "{url}"\n'
    with pytest.raises(ConfigError, match="never individual people's accounts") as caught:
        make_config(tmp_path, extra=extra)
    assert "[[feed]] #1" in str(caught.value)


@pytest.mark.parametrize("url", [
    "https://www.reddit.com/r/Luton/comments/.rss",
    "https://localnews.example/comments/feed/",
    "https://localnews.example/2024/05/school-fete/feed/",
    "https://forum.disqus.com/latest.rss",
    "https://news.google.com/rss/search?q=%22Beech+Hill+Primary%22",
    "https://www.facebook.com/groups/lutonparents",
    "https://twitter.com/search?q=beech+hill",
])
def test_community_site_and_search_feeds_are_allowed(url: str):
    assert feed_url_problem(url) is None


@pytest.mark.parametrize("entry", ["Luton", "r/bicester", "UKParenting", "unitedkingdom"])
def test_subreddits_allowed(entry: str):
    assert subreddit_problem(entry) is None


def test_accounts_key_refused(tmp_path: Path):
    with pytest.raises(ConfigError, match="'accounts' is not allowed"):
        make_config(tmp_path, school_extra='  accounts = ["u/someone"]')


def test_global_retention_defaults_apply_to_schools(tmp_path: Path):
    config = make_config(tmp_path, extra="\n[retention]\ndismissed_days = 14\nseen_days = 60\n")
    assert config.retention.dismissed_days == 14 and config.retention.seen_days == 60
    assert config.school("beech-hill").retention.dismissed_days == 14
    # A school's own setting wins over the default.
    assert config.school("glory-farm").retention.dismissed_days == 10


@pytest.mark.parametrize("extra, expected", [
    ("\n[retention]\nclosed_case_days = -1\n", "'closed_case_days' cannot be negative"),
    ("\n[retention]\nkeep_forever = true\n", "unknown setting 'keep_forever'"),
    ('\n[retention]\nunmatched_days = "a week"\n', "'unmatched_days' should be a whole number"),
])
def test_bad_retention_settings_explained(tmp_path: Path, extra: str, expected: str):
    with pytest.raises(ConfigError, match=expected):
        make_config(tmp_path, extra=extra)


def test_world_readable_config_warns(tmp_path: Path):
    path = write_config(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_config(path, environ={})
    assert not caught
    path.chmod(0o644)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_config(path, environ={})
    assert any("can be read by every user" in str(w.message) and "chmod 640" in str(w.message)
               for w in caught)
