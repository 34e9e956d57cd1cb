"""Proportionality: schoolwatch watches mentions of schools, never a person's account.

Config validation uses these checks to refuse a subreddit entry that is a
user profile (``u/someone``) and a feed whose URL is one person's timeline or
author archive (reddit.com/user/..., twitter.com/<handle>, facebook.com/<name>,
.../author/<name>/feed/, any ``@handle`` path). Each returns a sentence saying
what looks wrong, or None when the entry is fine.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

WHY = ("schoolwatch watches mentions of schools, never individual people's accounts "
       "(see docs/data-protection.md)")

# First path segments that are not an account on these sites.
_TWITTER_NON_ACCOUNT = {"search", "hashtag", "i", "explore", "home", "intent", "share"}
_FACEBOOK_NON_ACCOUNT = {"groups", "events", "hashtag", "watch", "pages", "search", "share",
                         "sharer", "sharer.php", "marketplace", "help", "policies"}
_SINGLE_SEGMENT_ACCOUNT_HOSTS = {
    "twitter.com": _TWITTER_NON_ACCOUNT, "x.com": _TWITTER_NON_ACCOUNT,
    "facebook.com": _FACEBOOK_NON_ACCOUNT, "fb.com": _FACEBOOK_NON_ACCOUNT,
    "instagram.com": {"explore", "p", "reel", "reels", "stories"},
    "tiktok.com": {"tag", "discover", "search"},
    "threads.net": {"search"},
}
_PREFIX_ACCOUNT_PATHS = {
    "reddit.com": ("user", "u"),
    "youtube.com": ("user", "channel", "c"),
    "linkedin.com": ("in",),
    "bsky.app": ("profile",),
    "disqus.com": ("by",),
}


def subreddit_problem(entry: str) -> str | None:
    """Why a ``[reddit] subreddits`` entry targets a person, or None if it is a community."""
    value = entry.strip().lower()
    if "reddit.com" in value:
        value = urlsplit(value if "://" in value else f"https://{value}").path
    value = value.strip("/")
    if value.startswith(("u/", "user/", "@")) or value.startswith("r/u_") or \
            value.startswith("u_") or value in ("u", "user"):
        return f"'{entry}' is a Reddit user's profile, not a subreddit; {WHY}."
    return None


def feed_url_problem(url: str) -> str | None:
    """Why a feed URL is one person's account or author feed, or None if it is not."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile.", "old.", "new.", "np."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    segments = [s for s in parts.path.lower().split("/") if s]
    reason: str | None = None
    if any(s.startswith("@") for s in segments):
        reason = "an @handle page"
    elif host.startswith("nitter.") and segments and segments[0] not in _TWITTER_NON_ACCOUNT:
        reason = "a Twitter/X account mirrored by Nitter"
    elif host in _PREFIX_ACCOUNT_PATHS and segments and \
            segments[0] in _PREFIX_ACCOUNT_PATHS[host]:
        reason = f"a {host} user's page"
    elif host == "reddit.com" and len(segments) >= 2 and segments[0] == "r" and \
            segments[1].startswith("u_"):
        reason = "a Reddit user's profile"
    elif host in _SINGLE_SEGMENT_ACCOUNT_HOSTS and segments:
        if segments[0] == "profile.php" or (
                segments[0].endswith(".php") and "id" in parse_qs(parts.query)):
            reason = f"a {host} profile"
        elif segments[0] not in _SINGLE_SEGMENT_ACCOUNT_HOSTS[host]:
            reason = f"a {host} account"
    elif "author" in segments[:-1] or "authors" in segments[:-1]:
        reason = "one author's archive"
    elif "author" in parse_qs(parts.query):
        reason = "one author's posts"
    if reason is None:
        return None
    return (f"the feed '{url}' looks like {reason}; {WHY}. Use a feed for a whole site, "
            "subreddit, comment thread or search instead.")
