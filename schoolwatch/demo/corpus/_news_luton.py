# ruff: noqa: E501
"""Luton Community News: a fictional WordPress site, articles and reader comments.

One comment contains a script tag and an img-onerror payload that the
commenter typed as text: comment bodies here are plain text and the builder
escapes them into the feed's HTML, as WordPress does, so it arrives as text. Codes as in ``_model``.
"""

from _model import Article, C

SITE = {
    "key": "lutonnews",
    "title": "Luton Community News",
    "tagline": "Your town, your stories",
    "post_id_base": 7700,
    "comment_id_base": 90100,
}

ARTICLES: list[Article] = [
    Article(
        slug="beech-hill-ofsted-requires-improvement", age_days=4.7, author="Farah Siddiqui",
        title="Beech Hill Community Primary rated 'requires improvement' by Ofsted",
        schools="bh", labels="cr", categories=("Schools",),
        summary="Inspectors found behaviour and attendance need to improve at the Leagrave school.",
        html=(
            "<p>Beech Hill Community Primary School in Leagrave has been rated <strong>requires improvement</strong> "
            "following an Ofsted inspection in October.</p>"
            "<p>Inspectors said early years provision was good and that pupils &ldquo;read widely and often&rdquo;, "
            "but that behaviour in some classes &ldquo;disrupts learning&rdquo; and attendance remained below the "
            "national average.</p>"
            "<p>In a letter to parents the school said it accepted the findings and already had a plan in place.</p>"
        ),
        comments=[
            C("Shaz LU4", "Sad but not surprised. The behaviour thing has been going on for two years.", "cr"),
            C("Mo Khan", "The teachers there are brilliant, it's a few families who let everyone down.", ""),
            C("Bev Leagrave", "Early years good and reading strong, why does nobody mention that bit?", ""),
            C("Ian D", "The leadership need clearing out. Top to bottom. Starting with that clown Hollis.", "ab ns"),
            C("Shaz LU4", "Harsh Ian. He's only been there a year.", "", parent=3),
            C("Ian D", "A year too long.", "ab", parent=4),
            C("Concerned Parent", "My daughter's attendance is 'below national average' because she's been in and out of the L&D with her asthma. Maybe Ofsted should consider that.", "cr"),
            C("Rita M", "They are fiddling the attendance figures anyway, everyone knows the office marks kids present who aren't there.", "de"),
            C("Mo Khan", "Rita that's not true and you know it.", "", parent=7),
            C("Former Governor", "Good schools can get RI judgements. The plan is sensible. Support the staff, don't pile on.", ""),
        ],
    ),
    Article(
        slug="beech-hill-pupils-plant-200-trees", age_days=9.7, author="Luke Harrow",
        title="Pupils at Beech Hill Primary plant 200 trees with park rangers",
        schools="bh", labels="", categories=("Schools", "Environment"),
        summary="Year 5 and 6 pupils helped create a new hedgerow on the edge of the playing field.",
        html=(
            "<p>Pupils from Beech Hill Primary rolled up their sleeves last week to plant 200 native trees and shrubs "
            "with rangers from the borough's parks team.</p>"
            "<p>The new hedgerow along the school field will provide a home for birds and insects, and the pupils will "
            "monitor it as part of their science lessons.</p>"
        ),
        comments=[
            C("Green Luton", "More of this please. Every school field should have a hedgerow.", ""),
            C("Proud Dad", "My son Zayn in Year 5 planted the crab apple by the gate and won't let anyone forget it!", "ip"),
            C("Mr T", "Great to see the school in the news for the right reasons.", ""),
            C("Hannah B", "<script>alert(1)</script> <img src=x onerror=alert('hacked')> testing whether your comments are safe lol", ""),
        ],
    ),
    Article(
        slug="residents-demand-speed-bumps-beech-hill-road", age_days=5.2, author="Luke Harrow",
        title="Residents demand speed bumps on Beech Hill Road",
        schools="", labels="", categories=("Roads",),
        summary="A petition says drivers treat the road as a rat run.",
        html=(
            "<p>Residents of Beech Hill Road say drivers are using it as a rat run to avoid the lights on the main road, "
            "and want traffic calming measures.</p>"
            "<p>A petition with 300 signatures will be presented to the council next month.</p>"
        ),
        comments=[
            C("Terry B", "Lived on Beech Hill Road 30 years. It's never been this bad.", ""),
            C("Maxine", "Signed. Someone's cat got hit last week.", ""),
        ],
    ),
    Article(
        slug="beech-hill-head-responds-to-petition", age_days=2.9, author="Farah Siddiqui",
        title="Beech Hill school head responds to parents' petition over behaviour policy",
        schools="bh", labels="ns", categories=("Schools",),
        summary="Headteacher Jane Example says the school will consult parents on changes to its behaviour policy.",
        html=(
            "<p>The headteacher of Beech Hill Community Primary, Jane Example, has written to parents after more than "
            "400 people signed a petition about the school's behaviour policy.</p>"
            "<p>In the letter she says the school will hold two consultation evenings in December and will "
            "&ldquo;listen carefully&rdquo; to families. The deputy headteacher, who leads on behaviour, will present "
            "the policy and answer questions.</p>"
        ),
        comments=[
            C("Lee Marsh Farm", "Hollis should resign. Simple.", "ns cr"),
            C("Lee Marsh Farm", "And someone should be waiting for him after that meeting to tell him so in a language he understands.", "th", parent=0),
            C("Bev Leagrave", "Please don't. My kids' teachers are working so hard, threats help no one.", "", parent=1),
            C("Ruksana A", "The policy isn't all bad. My son's class is so much calmer since September.", ""),
            C("Muslim Dad", "What I'd like to know is why my daughter was refused a prayer space when other faiths get the hall.", "cr"),
            C("Keep Luton English", "If you want prayer rooms go to a school in Pakistan. This is England.", "ha"),
            C("Shaz LU4", "Reported. Vile.", "", parent=5),
            C("Dean W", "Hollis drives the black Golf ZE17 RKM, parks it round the back by the bins. Just saying.", "pd ns"),
            C("Local Mum", "The head fiddled the petition count, I know for a fact half the signatures were binned.", "de"),
            C("Concerned Parent", "Email me at concerned.beechhill.parent@example.com if you want to come to the consultation as a group.", "pd"),
        ],
    ),
]
