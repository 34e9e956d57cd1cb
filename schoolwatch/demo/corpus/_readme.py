# ruff: noqa: E501
"""The corpus README, written by ``_build.py`` so its counts never go stale."""

from __future__ import annotations

import json
from collections import Counter

INTRO = """\
# The schoolwatch demo corpus

This folder is the bundled data that `schoolwatch demo` runs on. A loopback
HTTP server (`connectors/loopback/`) serves it, speaking Reddit's API and
serving the feeds; the nightly flow then fetches, matches, classifies and
triages it exactly as it would real posts.

> **Everyone in here is fictional.** Every person, username, staff member,
> child, street address, phone number, email address and number plate was
> made up for this corpus. The schools and trusts are the five organisations
> of `config.example.toml`, with its fictional staff roster; no names from the
> real policy documents are used (the tests check this).
>
> * Phone numbers are all in Ofcom's drama range **07700 900000-900999**.
> * Email addresses end in **@example.com** or **.example**.
> * Number plates all begin with **Z**, a first letter never issued in Great Britain.
> * Street names are invented; only postcode districts (LU4, OX26, PL15, BA13, SE13)
>   are real areas.
>
> **Content warning:** to exercise the classifier, some posts contain insults,
> threats, racist, homophobic and religious hatred, and allegations about staff.
> They are written to be realistic, not to be read for fun.

## Files

| file | what it is |
|---|---|
| `reddit.json` | `{"submissions": [...], "comments": [...]}`: Reddit t3 and t1 `data` dicts with real field names (`id`, `name`, `subreddit`, `author`, `title`, `selftext`, `url`, `permalink`, `created_utc`, `num_comments`, `score`; comments add `body`, `link_id`, `parent_id`, `link_title`). |
| `feeds.json` | what the loopback server serves: `path`, `file`, `content_type`, `name`, `kind`, and for Google News a `query` (the exact `q` parameter, quotes included). |
| `feeds/*.xml` | the feed bodies, byte for byte as served. |
| `config.toml` | the demo configuration: the organisations of `config.example.toml`, sources pointing at `__BASE__`, SMTP on 127.0.0.1:8025. |
| `expected.json` | ground truth for a demo sanity test (below). |
| `_build.py` and `_*.py` | the generator and the hand-written content it is built from. |

### `__BASE__`

Any file (JSON, XML or TOML) may contain the placeholder `__BASE__` for the
loopback server's base URL, e.g. `http://127.0.0.1:8765`. Replace it
textually before serving or parsing; do it on bytes, because one feed is
windows-1252.

### Feed kinds

`rss`, `atom`, `wordpress`, `disqus`, `google_alerts`, `google_news` as in the
config, plus `wordpress_post`: a per-post WordPress comment feed, reached only
through an article's `wfw:commentRss` link (so it is not in `config.toml`).
Google News entries all share the path `/rss/search`; the server picks the
file by the `q` parameter and should answer other queries with an empty
result feed. The demo config generates
`<base_url>?q=%22<alias>%22&hl=en-GB&gl=GB&ceid=GB:en`.

## What is in it

* **Reddit**: threads in r/Luton, r/bicester, r/oxford, r/Cornwall, r/wiltshire,
  r/london, r/Lewisham, r/UKParenting and r/unitedkingdom, several of 10-22
  comments (one case each), with replies nested through `parent_id`.
  Two are link posts to news articles in the feeds.
* **Bicester Bugle** (WordPress): articles RSS with `wfw:commentRss`, one
  comment feed per post and the site-wide `/comments/feed/` (the newest
  comments, which are also in the per-post feeds: same guid).
* **Luton Community News** (WordPress): the same shape.
* **Tamar Valley Voice**: Atom 1.0; one entry links relatively.
* **White Horse News**: RSS declared and encoded as windows-1252 (£, ’, “ ”, –, é);
  one entry has no date.
* **The Lewisham Ledger**: a Disqus `latest.rss` of comments.
* **Google Alerts** (St Stephens Launceston): Atom whose links are
  `https://www.google.com/url?...&url=<page>` redirects (unwrap them; do not
  fetch google.com in the demo).
* **Google News** RSS search results for six quoted aliases.
* **Leagrave & Limbury Community Forum**: RSS that is not well-formed XML
  (a bare `&`, `&nbsp;`, unclosed `<br>`); feedparser sets `bozo` but reads
  every entry.

Awkward cases on purpose:

* The same article in several sources: Google News and Google Alerts results and
  Reddit link posts point at articles that are also in the site feeds, with and
  without `utm_` tracking parameters.
* HTML in articles (`content:encoded`, Atom `content type="html"`); one article is a
  live blog of about 50 KB.
* Hostile text: a Reddit comment whose body is literally
  `<script>alert(1)</script> ... <img src=x onerror="alert(document.cookie)">`,
  a WordPress comment where the same kind of payload arrives as escaped text,
  and a Disqus comment carrying raw `<img onerror>` markup. Store verbatim; show
  escaped.
* A thread that may identify a teacher accused by a pupil (Education Act 2002
  s141F), and posts about pictures of children being shared (text only: there is
  no media anywhere in the corpus, only words and fictional links).
* Look-alikes that must not match: Beech Hill Road, Beech Hill near Reading,
  St Stephen's Church, St Stephens Road, St Stephens near Saltash, Bratton Fleming,
  Bratton Clovelly, Bratton Road, the Cooper School of Dance, "Mr Cooper" the
  plumber, Glory Farm shops, Riverside North car park; plus off-topic posts in
  the same subreddits.
* Staff named in every way the classifier should catch: full names ("Tom Hollis"),
  honorific and surname ("Mrs Penrose"), misspellings ("Mr Holis"), surnames
  alone ("Ashcombe"), first names with school context ("Gareth"), staff not on
  the roster ("Mrs Dobbs", "Mr Okoro"); pupils by name with a year group or
  class ("my son Kian in 9R").

Dates are fixed: everything happens in the ten days before 21 November 2026.
The WordPress article feeds have `follow_comments_days = 14`, so a demo run
long after that date needs the runner to pin "now" (or the window) for
comment feeds to be followed.

## `expected.json`

One entry per item in the corpus, keyed by the item's id as the source gives
it: the Reddit fullname (`t3_...`, `t1_...`), or the feed entry's id (RSS
`guid`, Atom `id`; as feedparser's `entry.id`, with `__BASE__` left in):

```json
__EXAMPLE__
```

* `schools`: the schools the item is about. Comments carry the school of the
  thread they are in, even when their own words do not name it. **An empty
  list marks a look-alike or off-topic item that must not match any school.**
  (So the file covers every item, not only those about a school.)
* `labels`: names from `schoolwatch.domain.LABELS`, judged on the item's own
  text. `criticism` is civil criticism only: an item with abuse, threats, hate
  or defamation carries those labels instead.
* `flags` (only where present): `s141f_accused_teacher`,
  `indecent_images_of_children`: the special rules the policy engine should raise.
* `kind` and `where`: which source and feed (or subreddit) the item is in.

A WordPress comment appears in both its post's comment feed and the site-wide
comments feed with the same guid: it is one item.

## Rebuilding

Edit the `_*.py` content modules, then run

```
python schoolwatch/demo/corpus/_build.py
python -m pytest tests/test_demo_corpus.py
```

The build is deterministic (ids and times come from hashes of the content),
and the test checks that the committed files are exactly what the generator
writes.
"""


def _table(title: str, counter: Counter) -> str:
    rows = "\n".join(f"| {name} | {count} |" for name, count in sorted(counter.items()))
    return f"| {title} | items |\n|---|---|\n{rows}\n"


def readme(total: int, labels: Counter, kinds: Counter, schools: Counter,
           example: dict[str, dict]) -> str:
    """The README text with the current counts and one real entry of expected.json."""
    intro = INTRO.replace("__EXAMPLE__", json.dumps(example, ensure_ascii=False)[1:-1])
    return (
        f"{intro}\n## Counts\n\n{total} items in all. An item can carry several labels and be "
        "about more than one school, so columns do not sum to the total.\n\n"
        f"{_table('label', labels)}\n{_table('source kind', kinds)}\n{_table('school', schools)}"
    )
