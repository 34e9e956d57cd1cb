# ruff: noqa: E501
"""Leagrave & Limbury Community Forum: a fictional phpBB-style board's RSS.

The builder writes this feed slightly malformed on purpose (a bare
ampersand, an HTML entity XML does not know, an unclosed <br>) so a feed
parser flags it as bozo but still reads every entry. Codes as in ``_model``.
"""

from _model import Article

FORUM = {
    "key": "leagraveforum",
    "title": "Leagrave & Limbury Community Forum",
    "tagline": "Neighbours talking",
}

POSTS: list[Article] = [
    Article(
        slug="t1842", age_days=8.6, author="lostproperty_lucy", title="Beech Hill Primary lost property - is anyone ever going to sort it?",
        schools="bh", labels="cr",
        html="Third jumper this term gone from the Year 3 pegs at Beech Hill Primary. Named, labelled, the lot. Lost property box is a mountain and nobody seems in charge of it. Not the end of the world but £12 a jumper adds up.",
    ),
    Article(
        slug="t1845", age_days=7.4, author="clearout_chris", title="Selling Beech Hill school uniform age 7-8 & PE bag",
        schools="bh", labels="pd",
        html="Outgrown Beech Hill school uniform, 2 jumpers, 3 polo shirts & the PE bag, £10 the lot. Collection from Leagrave, text 07700 900733 after 6pm.",
    ),
    Article(
        slug="t1851", age_days=6.5, author="grateful_gran", title="Mr Pennywell at Beech Hill = legend",
        schools="bh", labels="ns",
        html="Just want to say Mr Pennywell has been a rock for my grandson in Year 4 this term after a rough year. He takes the time to explain things and actually rings back. Teachers like him are worth their weight in gold.",
    ),
    Article(
        slug="t1853", age_days=5.8, author="friday_fryer", title="Fish & chips van on Thursdays?",
        schools="", labels="",
        html="Is the fish & chips van still coming to the parade on Thursday nights? Haven't seen it for a fortnight&nbsp;and I'm having withdrawal.",
    ),
    Article(
        slug="t1857", age_days=4.3, author="angry_in_lu4", title="Beech Hill school office staff",
        schools="bh", labels="de ab",
        html="The office staff at Beech Hill school are racists, plain and simple. They treat Asian parents like dirt and bin our forms on purpose. It's a fact, ask anyone. Nasty piece of work, the lot of them.",
    ),
    Article(
        slug="t1860", age_days=3.9, author="catlady_lu4", title="Lost cat - Beech Hill Road area",
        schools="", labels="",
        html="Ginger tom, very friendly, answers to Biscuit. Last seen on Beech Hill Road on Sunday evening. Please check sheds and garages!",
    ),
    Article(
        slug="t1864", age_days=1.8, author="bus_stop_watcher", title="Little lad getting picked on at the bus stop every morning",
        schools="bh", labels="ip sg",
        html="There's a Year 5 boy from Beech Hill, Ethan I think his name is, who gets picked on every morning at the stop by the shops by older lads. Today they took his phone and he was in tears. I've told the school but wanted other parents to keep an eye out too.",
    ),
    Article(
        slug="t1865", age_days=1.2, author="lu4_lion", title="Beech Hill Primary turning into a madrassa",
        schools="bh", labels="ha",
        html="Beech Hill Primary has gone to the Muslims, halal everything & prayer rooms, English kids are the minority now. They want to take over & the council lets them.",
    ),
    Article(
        slug="t1867", age_days=1.0, author="had_enough_lu4", title="RE: Beech Hill deputy",
        schools="bh", labels="th ns",
        html="If Hollis puts my boy in isolation one more time I will be at that school and he will get what's coming to him. Mark my words.",
    ),
    Article(
        slug="t1866", age_days=0.6, author="nightshift_nev", title="Noise from the industrial units after 11pm",
        schools="", labels="",
        html="Anyone else being kept awake by the lorries reversing at the units off the ring road? Beeping till 2am most nights.",
    ),
]
