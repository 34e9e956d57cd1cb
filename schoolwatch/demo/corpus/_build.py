"""Build the bundled demo corpus from the hand-written content modules.

Run from anywhere::

    python schoolwatch/demo/corpus/_build.py            # rewrite the corpus in place
    python schoolwatch/demo/corpus/_build.py --out DIR  # write it somewhere else

It writes ``reddit.json``, ``feeds.json``, ``feeds/*.xml``, ``config.toml``,
``expected.json`` and ``README.md``. Output is deterministic: ids and times derive from
hashes of the content, never from the clock or a random generator, so a
rebuild gives byte-identical files (the test suite checks this).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _aggregators  # noqa: E402
import _forum  # noqa: E402
import _news_bicester  # noqa: E402
import _news_london  # noqa: E402
import _news_luton  # noqa: E402
import _news_south  # noqa: E402
import _reddit_london_national  # noqa: E402
import _reddit_luton_bicester  # noqa: E402
import _reddit_south_west  # noqa: E402
from _config_template import config_toml  # noqa: E402
from _model import FLAG_CODES, LABEL_CODES, SCHOOL_CODES, Article, C, Thread, expand  # noqa: E402
from _readme import readme  # noqa: E402

# The corpus is set in the ten days before this moment.
CORPUS_END = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
BASE = "__BASE__"

REDDIT_HANDLES = [
    "tea_and_toast_22", "hatters_fan_lu", "mumof2_ox26", "no_sleep_dad", "quiet_observer_uk",
    "sandwich_generation", "local_lurker_99", "puddle_jumper_kid", "allotment_andy",
    "biscuit_tin_bev",
    "rainy_school_run", "curious_commuter", "pram_pusher", "weekend_walker_77", "cuppa_and_a_moan",
    "grumpy_grandad_ox", "two_under_five", "netball_mum_24", "footie_dad_sunday", "the_real_sharon",
    "bin_day_barry", "over_it_overtired", "lollipop_lady_fan", "flask_of_coffee", "shift_work_sam",
    "kettle_on_kev", "half_term_hero", "chickenpox_again", "wellies_by_the_door", "park_bench_pat",
]


@dataclass
class Built:
    """Everything the writers produce, plus ground truth and counts."""

    submissions: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    feeds: list[dict] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    expected: dict[str, dict] = field(default_factory=dict)
    kinds: Counter = field(default_factory=Counter)


# ----------------------------------------------------------------- helpers


def _hash_int(*parts: object) -> int:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _base36(number: int, width: int) -> str:
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(width):
        number, rem = divmod(number, 36)
        out = alphabet[rem] + out
    return out


def _at(age_days: float) -> datetime:
    return CORPUS_END - timedelta(days=age_days)


def _reply_times(start: datetime, count: int, salt: str) -> list[datetime]:
    """Comment times after ``start``: irregular gaps, all before the corpus ends."""
    gaps = [timedelta(minutes=4 + _hash_int(salt, i) % 170) for i in range(count)]
    room = (CORPUS_END - timedelta(minutes=5)) - start
    total = sum(gaps, timedelta())
    if total > room:
        gaps = [gap * (room / total) for gap in gaps]
    times, now = [], start
    for gap in gaps:
        now += gap
        times.append(now.replace(microsecond=0))
    return times


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def _rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _truth(built: Built, key: str, schools: str, labels: str, *, kind: str, where: str,
           flags: str = "") -> None:
    """Record one item's ground truth under its id (guid, Atom id or Reddit fullname)."""
    if key in built.expected:
        raise ValueError(f"duplicate item id {key}")
    order = list(LABEL_CODES)
    labels = " ".join(sorted(labels.split(), key=order.index))
    entry = {"schools": expand(schools, SCHOOL_CODES), "labels": expand(labels, LABEL_CODES),
             "kind": kind, "where": where}
    if flags:
        entry["flags"] = expand(flags, FLAG_CODES)
    built.expected[key] = entry
    built.kinds[kind] += 1


def _comment_schools(comment: C, thread_schools: str) -> str:
    return thread_schools if comment.schools is None else comment.schools


def _text_html(comment: C) -> str:
    """A comment body as feed HTML: text is escaped, as WordPress and Disqus do."""
    if comment.raw_html:
        return comment.body
    return f"<p>{escape(comment.body, quote=False)}</p>"


def _cdata(markup: str) -> str:
    return "<![CDATA[" + markup.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _add_feed(built: Built, *, path: str, file: str, kind: str, name: str, body: bytes,
              content_type: str, query: str | None = None) -> None:
    entry = {"path": path, "file": file, "content_type": content_type, "name": name, "kind": kind}
    if query is not None:
        entry["query"] = query
    built.feeds.append(entry)
    built.files[file] = body


# ------------------------------------------------------------------ reddit


def build_reddit(built: Built, threads: list[Thread]) -> None:
    """Reddit t3/t1 ``data`` dicts with real field names."""
    for thread in threads:
        sub_id = "1p" + _base36(_hash_int("t3", thread.title), 5)
        slug = "_".join("".join(ch for ch in word.lower() if ch.isalnum())
                        for word in thread.title.split())[:60].strip("_")
        slug = "_".join(part for part in slug.split("_") if part)
        permalink = f"/r/{thread.sub}/comments/{sub_id}/{slug}/"
        created = _at(thread.age_days).replace(microsecond=0)
        subreddit_id = "t5_" + _base36(_hash_int("t5", thread.sub), 5)
        built.submissions.append({
            "id": sub_id, "name": f"t3_{sub_id}", "subreddit": thread.sub,
            "subreddit_id": subreddit_id, "subreddit_name_prefixed": f"r/{thread.sub}",
            "author": thread.author, "title": thread.title, "selftext": thread.body,
            "url": thread.url or f"https://www.reddit.com{permalink}",
            "is_self": thread.url is None, "permalink": permalink,
            "created_utc": float(created.timestamp()), "num_comments": len(thread.comments),
            "score": thread.score, "ups": thread.score, "over_18": False, "stickied": False,
            "edited": False,
        })
        _truth(built, f"t3_{sub_id}", thread.schools, thread.labels, kind="reddit_submission",
               where=f"r/{thread.sub}", flags=thread.flags)
        times = _reply_times(created, len(thread.comments), sub_id)
        names: list[str] = []
        pool = [h for h in REDDIT_HANDLES if h != thread.author]
        for index, comment in enumerate(thread.comments):
            comment_id = "n" + _base36(_hash_int("t1", sub_id, index), 6)
            names.append(comment_id)
            if comment.author == "OP":
                author = thread.author
            elif comment.author is None:
                author = pool[_hash_int(sub_id, index, "who") % len(pool)]
            else:
                author = comment.author
            if comment.parent is not None and not 0 <= comment.parent < index:
                raise ValueError(f"{thread.title!r} comment {index} replies to a later comment")
            parent = f"t3_{sub_id}" if comment.parent is None else f"t1_{names[comment.parent]}"
            built.comments.append({
                "id": comment_id, "name": f"t1_{comment_id}", "subreddit": thread.sub,
                "subreddit_id": subreddit_id, "author": author, "body": comment.body,
                "link_id": f"t3_{sub_id}", "parent_id": parent,
                "permalink": f"{permalink}{comment_id}/", "link_title": thread.title,
                "link_permalink": f"https://www.reddit.com{permalink}",
                "created_utc": float(times[index].timestamp()),
                "score": 1 + _hash_int(comment_id, "score") % 40, "edited": False,
            })
            _truth(built, f"t1_{comment_id}", _comment_schools(comment, thread.schools),
                   comment.labels, kind="reddit_comment", where=f"r/{thread.sub}",
                   flags=comment.flags)


# --------------------------------------------------------------- wordpress

RSS_NAMESPACES = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" '
    'xmlns:slash="http://purl.org/rss/1.0/modules/slash/"'
)
WP_GENERATOR = "https://wordpress.org/?v=6.6.2"
UTF8_RSS = "application/rss+xml; charset=UTF-8"


def article_url(site_key: str, article: Article) -> str:
    """Where an article lives: WordPress-style date permalinks."""
    moment = _at(article.age_days if article.age_days is not None else 0)
    return f"{BASE}/{site_key}/{moment:%Y/%m/%d}/{article.slug}/"


@dataclass
class _WpComment:
    comment: C
    article: Article
    comment_id: int
    moment: datetime
    guid: str
    link: str


def build_wordpress(built: Built, site: dict, articles: list[Article], *,
                    site_wide_count: int) -> None:
    """Articles RSS with wfw:commentRss, one comment feed per post, and /comments/feed/."""
    key = site["key"]
    all_comments: list[_WpComment] = []
    per_post: dict[str, list[_WpComment]] = {}
    post_ids: dict[str, int] = {}
    next_comment_id = site["comment_id_base"]
    for number, article in enumerate(articles):
        post_id = site["post_id_base"] + number * 13
        url = article_url(key, article)
        posted = _at(article.age_days).replace(microsecond=0)
        times = _reply_times(posted + timedelta(minutes=20), len(article.comments), url)
        items = []
        for index, comment in enumerate(article.comments):
            next_comment_id += 1 + _hash_int(url, index) % 9
            items.append(_WpComment(comment, article, next_comment_id, times[index],
                                    f"{BASE}/{key}/?p={post_id}#comment-{next_comment_id}",
                                    f"{url}#comment-{next_comment_id}"))
        per_post[article.slug] = items
        all_comments.extend(items)
        post_ids[article.slug] = post_id

    # The articles feed.
    out = [f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" {RSS_NAMESPACES}>',
           "<channel>", f"<title>{escape(site['title'])}</title>",
           f'<atom:link href="{BASE}/{key}/feed/" rel="self" type="application/rss+xml" />',
           f"<link>{BASE}/{key}/</link>", f"<description>{escape(site['tagline'])}</description>",
           f"<lastBuildDate>{_rfc822(CORPUS_END)}</lastBuildDate>", "<language>en-GB</language>",
           "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>",
           f"<generator>{WP_GENERATOR}</generator>"]
    for article in sorted(articles, key=lambda a: a.age_days):
        url = article_url(key, article)
        guid = f"{BASE}/{key}/?p={post_ids[article.slug]}"
        summary = article.summary or article.title
        out += ["<item>", f"<title>{escape(article.title)}</title>", f"<link>{url}</link>",
                f"<comments>{url}#respond</comments>",
                f"<dc:creator>{_cdata(article.author)}</dc:creator>",
                f"<pubDate>{_rfc822(_at(article.age_days).replace(microsecond=0))}</pubDate>"]
        out += [f"<category>{_cdata(c)}</category>" for c in article.categories]
        out += [f'<guid isPermaLink="false">{guid}</guid>',
                f"<description>{_cdata(escape(summary, quote=False))}</description>",
                f"<content:encoded>{_cdata(article.html)}</content:encoded>",
                f"<wfw:commentRss>{url}feed/</wfw:commentRss>",
                f"<slash:comments>{len(article.comments)}</slash:comments>", "</item>"]
        _truth(built, guid, article.schools, article.labels, kind="wordpress_article",
               where=f"/{key}/feed/", flags=article.flags)
    out += ["</channel>", "</rss>"]
    _add_feed(built, path=f"/{key}/feed/", file=f"feeds/{key}-articles.xml", kind="wordpress",
              name=site["title"], body="\n".join(out).encode(), content_type=UTF8_RSS)

    # One comment feed per post.
    for article in articles:
        url = article_url(key, article)
        path = url.removeprefix(BASE) + "feed/"
        file = f"feeds/{key}-post-{article.slug}.xml"
        body = _wp_comment_feed(f"Comments on: {article.title}", url, url + "feed/",
                                site["tagline"], per_post[article.slug], site_wide=False)
        _add_feed(built, path=path, file=file, kind="wordpress_post",
                  name=f"{site['title']}: comments on {article.title}", body=body,
                  content_type=UTF8_RSS)
        for item in per_post[article.slug]:
            _truth(built, item.guid, _comment_schools(item.comment, article.schools),
                   item.comment.labels, kind="wordpress_comment", where=path,
                   flags=item.comment.flags)

    # The site-wide comments feed: the newest comments across every post.
    newest = sorted(all_comments, key=lambda c: c.moment, reverse=True)[:site_wide_count]
    body = _wp_comment_feed(f"Comments for {site['title']}", f"{BASE}/{key}/",
                            f"{BASE}/{key}/comments/feed/", site["tagline"], newest,
                            site_wide=True)
    _add_feed(built, path=f"/{key}/comments/feed/", file=f"feeds/{key}-comments.xml",
              kind="wordpress", name=f"{site['title']} comments", body=body,
              content_type=UTF8_RSS)


def _wp_comment_feed(title: str, link: str, self_url: str, tagline: str,
                     comments: list[_WpComment], *, site_wide: bool) -> bytes:
    out = [f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" {RSS_NAMESPACES}>',
           "<channel>", f"<title>{escape(title)}</title>",
           f'<atom:link href="{self_url}" rel="self" type="application/rss+xml" />',
           f"<link>{link}</link>", f"<description>{escape(tagline)}</description>",
           f"<lastBuildDate>{_rfc822(CORPUS_END)}</lastBuildDate>",
           "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>",
           f"<generator>{WP_GENERATOR}</generator>"]
    for item in sorted(comments, key=lambda c: c.moment, reverse=True):
        author = item.comment.author or "Anonymous"
        heading = (f"Comment on {item.article.title} by {author}" if site_wide else f"By: {author}")
        html = _text_html(item.comment)
        out += ["<item>", f"<title>{escape(heading)}</title>", f"<link>{item.link}</link>",
                f"<dc:creator>{_cdata(author)}</dc:creator>",
                f"<pubDate>{_rfc822(item.moment)}</pubDate>",
                f'<guid isPermaLink="false">{item.guid}</guid>',
                f"<description>{_cdata(escape(item.comment.body, quote=False))}</description>",
                f"<content:encoded>{_cdata(html)}</content:encoded>", "</item>"]
    out += ["</channel>", "</rss>"]
    return "\n".join(out).encode()


# -------------------------------------------------------------------- atom


def build_atom_site(built: Built, site: dict, articles: list[Article]) -> None:
    """A news site publishing Atom 1.0 (one entry links relatively)."""
    key = site["key"]
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
           f"<title>{escape(site['title'])}</title>",
           f"<subtitle>{escape(site['tagline'])}</subtitle>",
           f"<id>{BASE}/{key}/</id>", f"<updated>{_rfc3339(CORPUS_END)}</updated>",
           f'<link rel="alternate" type="text/html" href="{BASE}/{key}/" />',
           f'<link rel="self" type="application/atom+xml" href="{BASE}/{key}/feed/atom/" />']
    for number, article in enumerate(sorted(articles, key=lambda a: a.age_days)):
        url = article_url(key, article)
        href = url.removeprefix(BASE) if article.relative_link else url
        entry_id = f"{BASE}/{key}/?p={3300 + number * 7}"
        moment = _rfc3339(_at(article.age_days).replace(microsecond=0))
        out += ["<entry>", f"<author><name>{escape(article.author)}</name></author>",
                f'<title type="html">{_cdata(escape(article.title, quote=False))}</title>',
                f'<link rel="alternate" type="text/html" href="{href}" />',
                f"<id>{entry_id}</id>", f"<updated>{moment}</updated>",
                f"<published>{moment}</published>"]
        out += [f'<category scheme="{BASE}/{key}/" term="{escape(c)}" />'
                for c in article.categories]
        out += [f'<summary type="html">{_cdata(article.summary or article.title)}</summary>',
                f'<content type="html" xml:base="{url}">{_cdata(article.html)}</content>',
                "</entry>"]
        _truth(built, entry_id, article.schools, article.labels, kind="atom_article",
               where=f"/{key}/feed/atom/", flags=article.flags)
    out.append("</feed>")
    _add_feed(built, path=f"/{key}/feed/atom/", file=f"feeds/{key}-atom.xml", kind="atom",
              name=site["title"], body="\n".join(out).encode(),
              content_type="application/atom+xml; charset=UTF-8")


# --------------------------------------------------------- windows-1252 rss


def build_windows_1252_site(built: Built, site: dict, articles: list[Article]) -> None:
    """An RSS 2.0 feed declared and encoded as windows-1252 (one entry has no date)."""
    key = site["key"]
    out = ['<?xml version="1.0" encoding="windows-1252"?>', '<rss version="2.0">', "<channel>",
           f"<title>{escape(site['title'])}</title>", f"<link>{BASE}/{key}/</link>",
           f"<description>{escape(site['tagline'])}</description>", "<language>en-gb</language>"]
    for article in sorted(articles, key=lambda a: (a.age_days is None, a.age_days or 0)):
        url = article_url(key, article)
        out += ["<item>", f"<title>{escape(article.title)}</title>", f"<link>{url}</link>",
                f'<guid isPermaLink="true">{url}</guid>',
                f"<author>{escape(article.author)}</author>"]
        if article.age_days is not None:
            out.append(f"<pubDate>{_rfc822(_at(article.age_days).replace(microsecond=0))}</pubDate>")
        out += [f"<category>{escape(c)}</category>" for c in article.categories]
        out += [f"<description>{escape(article.html)}</description>", "</item>"]
        _truth(built, url, article.schools, article.labels, kind="windows_1252_article",
               where=f"/{key}/feed/", flags=article.flags)
    out += ["</channel>", "</rss>"]
    _add_feed(built, path=f"/{key}/feed/", file=f"feeds/{key}-windows-1252.xml", kind="rss",
              name=site["title"], body="\n".join(out).encode("cp1252"),
              content_type="application/rss+xml; charset=windows-1252")


# ------------------------------------------------------------------ disqus


def build_disqus(built: Built, forum: dict, threads: list[Article]) -> None:
    """A Disqus forum's latest.rss: newest comments first, across threads."""
    rows: list[tuple[datetime, str, Article, C, int]] = []
    comment_id = forum["comment_id_base"]
    for thread in threads:
        url = f"{BASE}/{forum['key']}/{thread.slug}/"
        times = _reply_times(_at(thread.age_days) + timedelta(minutes=30), len(thread.comments),
                             url)
        for index, comment in enumerate(thread.comments):
            comment_id += 1 + _hash_int(url, index) % 50000
            rows.append((times[index], url, thread, comment, comment_id))
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:dsq="https://disqus.com/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
           "<channel>", f"<title>{escape(forum['title'])}</title>",
           f"<link>https://{forum['site']}.disqus.com/</link>",
           "<description>The Lewisham Ledger - Latest Comments</description>",
           f'<atom:link href="{BASE}/disqus/{forum["site"]}/latest.rss" rel="self" />',
           "<language>en</language>", f"<lastBuildDate>{_rfc822(CORPUS_END)}</lastBuildDate>"]
    for moment, url, thread, comment, number in sorted(rows, key=lambda r: r[0], reverse=True):
        out += ["<item>", f"<title>Re: {escape(thread.title)}</title>",
                f"<link>{url}#comment-{number}</link>",
                f"<description>{_cdata(_text_html(comment))}</description>",
                f"<dc:creator>{escape(comment.author or 'Guest')}</dc:creator>",
                f"<pubDate>{_rfc822(moment)}</pubDate>",
                f'<guid isPermaLink="false">{number}</guid>', "</item>"]
        _truth(built, str(number), _comment_schools(comment, thread.schools), comment.labels,
               kind="disqus_comment", where=f"/disqus/{forum['site']}/latest.rss",
               flags=comment.flags)
    out += ["</channel>", "</rss>"]
    _add_feed(built, path=f"/disqus/{forum['site']}/latest.rss", file="feeds/disqus-latest.xml",
              kind="disqus", name="The Lewisham Ledger comments (Disqus)",
              body="\n".join(out).encode(), content_type="application/rss+xml; charset=utf-8")


# ----------------------------------------------------- google alerts / news


def _hit_target(hit: _aggregators.Hit, articles: dict[tuple[str, str], Article]) -> str:
    if hit.ref is None:
        return hit.url
    url = article_url(hit.ref[0], articles[hit.ref])
    return f"{url}?{hit.tracking}" if hit.tracking else url


def _hit_schools(hit: _aggregators.Hit, articles: dict[tuple[str, str], Article]) -> str:
    return articles[hit.ref].schools if hit.ref is not None else hit.schools


def _bold(text: str, words: tuple[str, ...]) -> str:
    marked = escape(text, quote=False)
    for word in words:
        marked = marked.replace(escape(word), f"<b>{escape(word)}</b>")
    return marked


def build_google_alerts(built: Built, articles: dict[tuple[str, str], Article]) -> None:
    """A Google Alerts Atom feed: links are google.com redirects to the real page."""
    feed = _aggregators.ALERT_FEED
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing">',
           f"<id>tag:google.com,2005:reference:{feed['path'].removeprefix('/alerts')}</id>",
           f"<title>Google Alert - {escape(feed['query'])}</title>",
           f'<link href="https://www.google.com{feed["path"]}" rel="self"></link>',
           f"<updated>{_rfc3339(CORPUS_END)}</updated>"]
    for hit in sorted(_aggregators.ALERTS, key=lambda h: h.age_days):
        target = _hit_target(hit, articles)
        redirect = ("https://www.google.com/url?rct=j&sa=t&url=" + quote(target, safe=":/_")
                    + f"&ct=ga&cd=CAEYACoUMT{_hash_int(target) % 10**12:012d}&usg=AOvVaw"
                    + _base36(_hash_int(target, "usg"), 14))
        entry_id = f"tag:google.com,2013:googlealerts/feed:{_hash_int(target, 'id') % 10**19:019d}"
        moment = _rfc3339(_at(hit.age_days).replace(microsecond=0))
        out += ["<entry>", f"<id>{entry_id}</id>",
                f'<title type="html">{escape(_bold(hit.title, hit.bold))}</title>',
                f'<link href="{escape(redirect)}"></link>', f"<published>{moment}</published>",
                f"<updated>{moment}</updated>",
                f'<content type="html">{escape(_bold(hit.snippet, hit.bold))}</content>',
                "<author><name></name></author>", "</entry>"]
        _truth(built, entry_id, _hit_schools(hit, articles), hit.labels,
               kind="google_alerts_entry", where=feed["path"], flags=hit.flags)
    out.append("</feed>")
    _add_feed(built, path=feed["path"], file="feeds/google-alerts-st-stephens.xml",
              kind="google_alerts", name=feed["name"], body="\n".join(out).encode(),
              content_type="application/atom+xml; charset=utf-8")


def build_google_news(built: Built, articles: dict[tuple[str, str], Article]) -> None:
    """Google News RSS search results, one file per quoted alias."""
    for query, hits in _aggregators.NEWS.items():
        slug = "-".join(query.strip('"').lower().split())
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
               '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">', "<channel>",
               "<generator>NFE/5.0</generator>",
               f"<title>{escape(query, quote=False)} - Google News</title>",
               f"<link>https://news.google.com/search?q={quote(query)}&amp;hl=en-GB&amp;gl=GB"
               "&amp;ceid=GB:en</link>",
               "<language>en-GB</language>", "<webMaster>news-webmaster@google.com</webMaster>",
               "<copyright>2026 Google. All rights reserved.</copyright>",
               f"<lastBuildDate>{_rfc822(CORPUS_END)}</lastBuildDate>",
               "<description>Google News</description>"]
        for hit in hits:
            target = _hit_target(hit, articles)
            guid = "CBMi" + _base36(_hash_int(target, "gn"), 12) + _base36(_hash_int(query), 8)
            site = target.removeprefix(BASE + "/").split("/")[0]
            snippet = (f'<a href="{escape(target)}" target="_blank">'
                       f'{escape(hit.title, quote=False)}</a>'
                       f'&nbsp;&nbsp;<font color="#6f6f6f">{escape(hit.publisher)}</font>')
            out += ["<item>", f"<title>{escape(hit.title)} - {escape(hit.publisher)}</title>",
                    f"<link>{escape(target)}</link>", f'<guid isPermaLink="false">{guid}</guid>',
                    f"<pubDate>{_rfc822(_at(hit.age_days).replace(microsecond=0))}</pubDate>",
                    f"<description>{escape(snippet)}</description>",
                    f'<source url="{BASE}/{site}/">{escape(hit.publisher)}</source>', "</item>"]
            _truth(built, guid, _hit_schools(hit, articles), hit.labels,
                   kind="google_news_item", where=f"/rss/search?q={query}", flags=hit.flags)
        out += ["</channel>", "</rss>"]
        _add_feed(built, path="/rss/search", file=f"feeds/google-news-{slug}.xml",
                  kind="google_news", name=f"Google News: {query}", body="\n".join(out).encode(),
                  content_type="application/xml; charset=utf-8", query=query)


# --------------------------------------------------------- malformed forum


def build_malformed_forum(built: Built, forum: dict, posts: list[Article]) -> None:
    """A forum RSS that is not well-formed XML (bare &, &nbsp;, unclosed <br>) but parses."""
    key = forum["key"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">', "<channel>",
           f"<title>{forum['title']}</title>",  # bare "&": deliberately not escaped
           f"<link>{BASE}/{key}/</link>", f"<description>{forum['tagline']}</description>"]
    for post in sorted(posts, key=lambda p: p.age_days):
        url = f"{BASE}/{key}/viewtopic.php?t={post.slug.removeprefix('t')}"
        out += ["<item>", f"<title>{post.title}</title>",  # "&" left bare on purpose
                f"<link>{url}</link>", f"<guid>{url}</guid>",
                f"<dc:creator>{post.author}</dc:creator>",
                f"<pubDate>{_rfc822(_at(post.age_days).replace(microsecond=0))}</pubDate>",
                # Body left as raw text plus an unclosed <br>: the malformation.
                f"<description>{post.html}<br>Posted in Leagrave &amp; Limbury</description>",
                "</item>"]
        _truth(built, url, post.schools, post.labels, kind="malformed_forum_post",
               where=f"/{key}/feed/", flags=post.flags)
    out += ["</channel>", "</rss>"]
    _add_feed(built, path=f"/{key}/feed/", file=f"feeds/{key}-malformed.xml", kind="rss",
              name=forum["title"], body="\n".join(out).encode(),
              content_type="application/rss+xml; charset=UTF-8")


# ------------------------------------------------------------------ driver


def build() -> Built:
    """Build every file of the corpus in memory."""
    built = Built()
    build_reddit(built, _reddit_luton_bicester.THREADS + _reddit_south_west.THREADS
                 + _reddit_london_national.THREADS)
    build_wordpress(built, _news_bicester.SITE, _news_bicester.ARTICLES, site_wide_count=20)
    build_wordpress(built, _news_luton.SITE, _news_luton.ARTICLES, site_wide_count=30)
    build_atom_site(built, _news_south.TAMAR, _news_south.TAMAR_ARTICLES)
    build_windows_1252_site(built, _news_south.WHITE_HORSE, _news_south.WHITE_HORSE_ARTICLES)
    build_disqus(built, _news_london.FORUM, _news_london.THREADS)
    articles = {(site["key"], a.slug): a for site, group in (
        (_news_bicester.SITE, _news_bicester.ARTICLES), (_news_luton.SITE, _news_luton.ARTICLES),
        (_news_south.TAMAR, _news_south.TAMAR_ARTICLES),
        (_news_south.WHITE_HORSE, _news_south.WHITE_HORSE_ARTICLES)) for a in group}
    build_google_alerts(built, articles)
    build_google_news(built, articles)
    build_malformed_forum(built, _forum.FORUM, _forum.POSTS)
    return built


def counts(built: Built) -> dict[str, Counter]:
    """Items per label, per source kind and per school (an item may count in several)."""
    labels: Counter = Counter()
    schools: Counter = Counter()
    for truth in built.expected.values():
        labels.update(truth["labels"] or ["(no label)"])
        schools.update(truth["schools"] or ["(no school)"])
    return {"labels": labels, "kinds": built.kinds, "schools": schools}


def write(built: Built, out_dir: Path) -> None:
    """Write the corpus files under ``out_dir``."""
    (out_dir / "feeds").mkdir(parents=True, exist_ok=True)
    reddit = {"submissions": built.submissions, "comments": built.comments}
    (out_dir / "reddit.json").write_text(json.dumps(reddit, indent=1, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    (out_dir / "feeds.json").write_text(json.dumps(built.feeds, indent=1, ensure_ascii=False)
                                        + "\n", encoding="utf-8")
    for name, body in built.files.items():
        (out_dir / name).write_bytes(body)
    (out_dir / "expected.json").write_text(
        json.dumps(built.expected, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8")
    feeds = [f for f in built.feeds if f["kind"] not in ("google_news", "wordpress_post")]
    (out_dir / "config.toml").write_text(config_toml(feeds), encoding="utf-8")
    tallies = counts(built)
    example_key = next(key for key, truth in built.expected.items()
                       if truth["kind"] == "reddit_comment" and len(truth["labels"]) == 2)
    (out_dir / "README.md").write_text(
        readme(len(built.expected), tallies["labels"], tallies["kinds"], tallies["schools"],
               {example_key: built.expected[example_key]}),
        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write (default: here)")
    args = parser.parse_args(argv)
    built = build()
    write(built, args.out)
    for name, counter in counts(built).items():
        print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in sorted(counter.items())))
    print(f"items: {len(built.expected)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
