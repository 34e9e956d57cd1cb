# ruff: noqa: E501
"""Two fictional south-west news sites: Tamar Valley Voice (Atom) and White Horse News.

White Horse News is served as windows-1252, so its texts deliberately use
pound signs, curly quotes, en dashes and accented letters. One Tamar Valley
Voice entry has a relative link; one White Horse News entry has no date.
Codes as in ``_model``.
"""

from _model import Article

TAMAR = {
    "key": "tamarvoice",
    "title": "Tamar Valley Voice",
    "tagline": "Launceston, the Tamar Valley and east Cornwall",
}

TAMAR_ARTICLES: list[Article] = [
    Article(
        slug="st-stephens-academy-opens-new-library", age_days=7.9, author="Demelza Hocking",
        title="St Stephens Community Academy opens new library after community fundraiser",
        schools="ss", labels="ns", categories=("Schools",),
        html=(
            "<p>Pupils at St Stephens Community Academy in Launceston have a new library after parents, local "
            "businesses and the An Daras trust raised &pound;14,000 in a year.</p>"
            "<p>The library, in a former storeroom, has 3,000 books, beanbags made by a parents' sewing group and a "
            "reading corner named after a long-serving dinner lady.</p>"
            "<p>Headteacher Kerensa Polglase said: &ldquo;Every penny came from people who love this school.&rdquo;</p>"
        ),
    ),
    Article(
        slug="bus-cuts-st-stephens-pupils", age_days=5.4, author="Demelza Hocking",
        title="Parents warn bus cuts will leave St Stephens pupils stranded",
        schools="ss", labels="cr", categories=("Schools", "Transport"),
        html=(
            "<p>Parents of children at St Stephens school in Launceston say plans to cut the 6A bus will leave "
            "children from outlying hamlets with no way to get to school.</p>"
            "<p>&ldquo;The council and the academy have known about this since the summer and nobody told us,&rdquo; said "
            "one father. The council says a consultation is under way.</p>"
        ),
    ),
    Article(
        slug="st-stephens-church-restoration-appeal", age_days=8.3, author="Jory Pascoe",
        title="St Stephen's Church restoration appeal reaches £50,000",
        schools="", labels="", categories=("Heritage",),
        html=(
            "<p>The appeal to repair the tower of St Stephen's Church, on the hill above Launceston, has reached "
            "&pound;50,000, half of its target.</p><p>A concert in the church in December will raise more.</p>"
        ),
    ),
    Article(
        slug="bratton-clovelly-pub-reopens", age_days=6.3, author="Jory Pascoe",
        title="Bratton Clovelly pub reopens under community ownership",
        schools="", labels="", categories=("Community",),
        html=(
            "<p>Villagers in Bratton Clovelly, west of Okehampton, have reopened their pub after 200 people bought "
            "shares. The first pint was pulled on Friday evening.</p>"
        ),
    ),
    Article(
        slug="launceston-christmas-lights", age_days=3.5, author="Newsdesk",
        title="Launceston Christmas lights switch-on: road closures and times",
        schools="", labels="", categories=("What's on",), relative_link=True,
        html=(
            "<p>The town's Christmas lights will be switched on from the Square at 5.30pm on Saturday. Roads around the "
            "Square close from 3pm. The <a href=\"/tamarvoice/whats-on/\">full what's on guide</a> is on our site.</p>"
        ),
    ),
    Article(
        slug="letter-st-stephens-credit-to-town", age_days=1.7, author="Letters",
        title="Letter: St Stephens is a credit to Launceston",
        schools="ss", labels="ns", categories=("Letters",),
        html=(
            "<p>Sir, after the sad news stories of recent weeks, may I say how impressed I was by the pupils of "
            "St Stephens Community Academy who sang at the Remembrance service. Their behaviour was impeccable and "
            "Mr Tregenna and his colleagues should be very proud. <em>Name and address supplied.</em></p>"
        ),
    ),
]

WHITE_HORSE = {
    "key": "whitehorsenews",
    "title": "White Horse News",
    "tagline": "Westbury, Bratton, Edington and the villages",
}

# Written in plain Python strings; the builder encodes the feed as windows-1252.
WHITE_HORSE_ARTICLES: list[Article] = [
    Article(
        slug="bratton-primary-playground-quiz-night", age_days=8.1, author="Rosalind Fry",
        title="Bratton Primary raises £2,340 for new playground – thanks to café quiz night",
        schools="br", labels="", categories=("Schools",),
        html=(
            "<p>A quiz night at the village café has helped Bratton Primary School’s PTA raise £2,340 towards new "
            "playground equipment. “We’re thrilled – it’s the most we’ve ever raised in one night,” said the PTA chair. "
            "The café’s crème brûlée was, we’re told, the real star.</p>"
        ),
    ),
    Article(
        slug="bratton-road-closure-extended", age_days=2.7, author="Rosalind Fry",
        title="Bratton Road closure in Westbury extended by a week",
        schools="", labels="", categories=("Roads",),
        html="<p>Drainage work on Bratton Road near Westbury station will now finish on 4 December – a week later than planned.</p>",
    ),
    Article(
        slug="bratton-primary-class-merger-anger", age_days=4.9, author="Rosalind Fry",
        title="Parents’ anger at Bratton Primary plan to merge Year 3 and Year 4",
        schools="br", labels="cr", categories=("Schools",),
        html=(
            "<p>Parents at Bratton Primary School say a plan to teach Year 3 and Year 4 together from January was "
            "“sprung on them” at a coffee morning. The school says falling numbers make mixed-age classes unavoidable "
            "and that many village schools teach this way. A meeting for parents is planned.</p>"
        ),
    ),
    Article(
        slug="westbury-cafe-best-in-wiltshire", age_days=9.9, author="Ned Ashby",
        title="Westbury café named best in Wiltshire",
        schools="", labels="", categories=("Business",),
        html="<p>A Westbury café has been named the county’s best independent coffee shop – its owner, Zoë, says the secret is “proper cake, not fancy cake”.</p>",
    ),
    Article(
        slug="bratton-school-pta-agm-notice", age_days=None, author="Community noticeboard",
        title="Notice: Bratton school PTA annual meeting",
        schools="br", labels="", categories=("Noticeboard",),
        html="<p>The Bratton school PTA annual meeting will be held in the school hall. All parents and carers welcome – tea, coffee and cake provided. £1 raffle.</p>",
    ),
]
