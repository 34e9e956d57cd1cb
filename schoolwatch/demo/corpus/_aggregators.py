# ruff: noqa: E501
"""Google Alerts and Google News results for the demo corpus.

Entries with ``ref`` point at an article that is also in another feed of the
corpus (the same link, with tracking parameters added): the pipeline should
see one article, not two. Other entries stand alone. Codes as in ``_model``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Hit:
    """One Google Alerts or Google News result."""

    title: str
    snippet: str
    age_days: float
    ref: tuple[str, str] | None = None      # (site key, slug) of an article elsewhere in the corpus
    url: str = ""                           # when not a ref: the page it points to
    publisher: str = ""
    tracking: str = ""                      # query string added to a ref's link
    schools: str = ""                       # empty on a ref: the article's schools are used
    labels: str = ""                        # judged on the hit's own title and snippet
    flags: str = ""
    bold: tuple[str, ...] = ()              # words Google Alerts puts in <b>


ALERT_FEED = {
    "path": "/alerts/feeds/00000000000000000000/1111111111111111111",
    "name": "Google Alert: St Stephens Launceston",
    "query": "St Stephens Launceston",
}

ALERTS: list[Hit] = [
    Hit(
        title="St Stephens Community Academy opens new library after community fundraiser",
        snippet="Pupils at St Stephens Community Academy in Launceston have a new library after parents, local businesses and the An Daras trust raised £14,000 ...",
        age_days=7.8, ref=("tamarvoice", "st-stephens-academy-opens-new-library"),
        tracking="utm_source=google&utm_medium=alerts&utm_campaign=st-stephens", bold=("St Stephens", "Launceston"),
    ),
    Hit(
        title="Parents warn bus cuts will leave St Stephens pupils stranded",
        snippet="Parents of children at St Stephens school in Launceston say plans to cut the 6A bus will leave children from outlying hamlets ...",
        age_days=5.3, ref=("tamarvoice", "bus-cuts-st-stephens-pupils"), labels="cr", bold=("St Stephens", "Launceston"),
    ),
    Hit(
        title="Year 6 teacher at St Stephens school - Kernow Parents forum",
        snippet="Apparently Mrs Penrose from St Stephens in Launceston has been off for two weeks after one of the Year 6 girls made an allegation about her. Anyone know more? ...",
        age_days=3.4, url="__BASE__/kernowparents/t/year-6-teacher-st-stephens/", schools="ss", labels="ns sg", flags="s141f",
        bold=("St Stephens", "Launceston"),
    ),
    Hit(
        title="Burst water main floods St Stephens Road, Launceston",
        snippet="South West Water crews were called to St Stephens Road in Launceston on Tuesday morning after a main burst outside ...",
        age_days=6.1, url="__BASE__/tamarvoice/2026/11/15/burst-main-st-stephens-road/", bold=("St Stephens", "Launceston"),
    ),
    Hit(
        title="Carol concert at St Stephens, Saltash raises funds for hospice",
        snippet="The carol concert in St Stephens near Saltash raised more than £900 for the hospice. A Launceston choir joined the singers ...",
        age_days=2.3, url="__BASE__/tamarvoice/2026/11/19/st-stephens-saltash-carols/", bold=("St Stephens", "Launceston"),
    ),
    Hit(
        title="Opinion: St Stephens deserves better from An Daras",
        snippet="St Stephens Community Academy has had three heads in five years and parents in Launceston deserve an honest explanation from the trust about why ...",
        age_days=1.1, url="__BASE__/cornishblogs/2026/11/st-stephens-deserves-better/", schools="ss", labels="cr",
        bold=("St Stephens", "Launceston"),
    ),
]

# Google News RSS search: one result file per query; each query is the exact
# q parameter the demo config generates (the alias in double quotes).
NEWS: dict[str, list[Hit]] = {
    '"Cooper School"': [
        Hit(title="Parents angry over Cooper School uniform change", publisher="Bicester Bugle", snippet="", age_days=6.3,
            ref=("bicesterbugle", "parents-angry-over-uniform"), tracking="utm_source=googlenews&utm_medium=rss", labels="cr"),
        Hit(title="Cooper School of Dance wins regional title", publisher="Bicester Bugle", snippet="", age_days=9.3,
            ref=("bicesterbugle", "cooper-school-of-dance-regional-title"), tracking="utm_source=googlenews&utm_medium=rss"),
        Hit(title="Man arrested after online threats against Bicester teacher", publisher="Bicester Bugle", snippet="", age_days=0.7,
            ref=("bicesterbugle", "man-arrested-online-threats-teacher")),
    ],
    '"Glory Farm Primary"': [
        Hit(title="Glory Farm Primary celebrates 'good' Ofsted report", publisher="Bicester Bugle", snippet="", age_days=8.7,
            ref=("bicesterbugle", "glory-farm-primary-good-ofsted"), tracking="utm_source=googlenews&utm_medium=rss"),
    ],
    '"Beech Hill Primary"': [
        Hit(title="Beech Hill Community Primary rated 'requires improvement' by Ofsted", publisher="Luton Community News", snippet="", age_days=4.6,
            ref=("lutonnews", "beech-hill-ofsted-requires-improvement"), tracking="utm_source=googlenews", labels="cr"),
        Hit(title="Pupils at Beech Hill Primary plant 200 trees with park rangers", publisher="Luton Community News", snippet="", age_days=9.6,
            ref=("lutonnews", "beech-hill-pupils-plant-200-trees")),
    ],
    '"Beech Hill school"': [
        Hit(title="Beech Hill school bus axed: village families near Reading face three-mile walk", publisher="Kennet Valley Gazette",
            snippet="Families in Beech Hill, the village south of Reading, say the council's decision to scrap the Beech Hill school bus leaves children walking along unlit lanes.",
            age_days=5.8, url="__BASE__/kennetgazette/2026/11/15/beech-hill-school-bus-axed/"),
    ],
    '"Riverside North Primary"': [
        Hit(title="Police investigate racist abuse outside Riverside North Primary", publisher="The Lewisham Ledger", snippet="", age_days=4.9,
            url="__BASE__/lewishamledger/news/2026/11/racist-abuse-riverside-north-primary/", schools="rn"),
    ],
    '"Bratton Primary"': [
        Hit(title="Bratton Primary raises £2,340 for new playground – thanks to café quiz night", publisher="White Horse News", snippet="", age_days=8.0,
            ref=("whitehorsenews", "bratton-primary-playground-quiz-night"), tracking="utm_source=googlenews&utm_medium=rss&utm_campaign=local"),
        Hit(title="Parents’ anger at Bratton Primary plan to merge Year 3 and Year 4", publisher="White Horse News", snippet="", age_days=4.8,
            ref=("whitehorsenews", "bratton-primary-class-merger-anger"), labels="cr"),
    ],
}
