# ruff: noqa: E501
"""The Lewisham Ledger's Disqus comments (latest.rss), fictional.

Only the comments are in the corpus (Disqus publishes comments, not the
articles). One comment holds raw HTML with an img-onerror payload, which a
feed parser's sanitiser should strip. Codes as in ``_model``.
"""

from _model import Article, C

FORUM = {
    "key": "lewishamledger",
    "title": "The Lewisham Ledger - Latest Comments",
    "site": "lewishamledger",
    "comment_id_base": 6140021000,
}

THREADS: list[Article] = [
    Article(
        slug="news/2026/11/racist-abuse-riverside-north-primary", age_days=4.8, author="",
        title="Police investigate racist abuse outside Riverside North Primary",
        schools="rn", labels="", html="",
        comments=[
            C("lewisham_lass", "Heartbreaking that the little ones had to hear that. Well done to the staff who got them inside.", ""),
            C("SE13_Steve", "The school did everything right. Hope the police throw the book at him.", ""),
            C("TrueBrit77", "Riverside North is a foreign school in all but name, nobody local wants their kids there. He was only saying what we all think.", "ha"),
            C("lewisham_lass", "Speak for yourself. My family has been in Lewisham for four generations and my kids love it there.", "", parent=2),
            C("TrueBrit77", "Four generations of mixing. Says it all.", "ha", parent=3),
            C("Ledger_Mod", "Comments from this account have been removed and the user banned.", ""),
            C("Grace O", "My son is in Mr Castellano's class and they talked about it in circle time the next day. He handled it beautifully.", "ns"),
            C("ladywell_dad", "The man lives on Elmhurst Terrace, SE13 5ZQ, number 12, blue door. Let's see how he likes having people outside his house.", "pd th"),
            C("SE13_Steve", "Don't. Leave it to the police. Vigilante stuff always goes wrong.", "", parent=7),
            C("Priya L", "Does anyone know if the school is running anything for parents? My daughter in Year 2, Aisha, hasn't slept properly since.", "ip sg"),
            C("Grace O", "There's a coffee morning with the family support worker on Thursday, Priya. Mrs Dunmore is running it.", "ns", parent=9),
            C("Watching you", "The racist's van is a blue Transit ZT63 HLK, I see it parked on Brookbank Road every night.", "pd"),
            C("No_PC_Here", "Adeyemi and his diversity hires have ruined that school. Bring back proper English teachers.", "ha ns"),
            C("SE4 Mum", "Honestly if he turns up at those gates again a few of the dads will be waiting for him and the police won't be needed.", "th"),
            C("Anon", "<img src=x onerror=alert(1)><b>Riverside North</b> is a fantastic school, ignore the haters", "", raw_html=True),
        ],
    ),
    Article(
        slug="news/2026/11/riverside-federation-nursery-merger", age_days=6.5, author="",
        title="Riverside Federation to merge nursery classes at Riverside South Infant School",
        schools="rs rn", labels="", html="",
        comments=[
            C("nursery_mum_se13", "Merging the two nurseries into Riverside South makes sense if it means the 30 hours places are protected.", "", schools="rs"),
            C("Brockley Ben", "So the North kids' parents now have to walk to South for nursery and then North for reception? Brilliant planning.", "cr"),
            C("Federation parent", "Hannah Lockwood explained it well at the meeting. Nursery at South, reception at whichever school you apply for. It's fine.", "ns", schools="rs"),
            C("Brockley Ben", "Fine for you, not for those of us with a baby and a toddler and no car.", "cr", parent=2),
            C("Mrs P", "Federation leadership are a bunch of overpaid liars who've been planning this for years and pretending to consult.", "ab de"),
            C("Ex staff", "As someone who worked there, Adeyemi only cares about his OBE and his salary. The kids come last.", "de ns"),
            C("nursery_mum_se13", "My Leo is in the Otters nursery class at South and the staff there are amazing, genuinely.", "ip", schools="rs"),
            C("Dad of three", "Riverside South is run by a bunch of lesbians who hate men, no wonder dads are never listened to.", "ha"),
            C("Local4Local", "The federation only hires Black and Asian staff now. White parents don't get a look in at either school.", "ha"),
            C("Councillor watcher", "The consultation closes on 12 December. Respond to it rather than just commenting here.", ""),
        ],
    ),
    Article(
        slug="news/2026/11/riverside-north-car-park-charges", age_days=7.2, author="",
        title="Riverside North car park charges to rise in January",
        schools="", labels="", html="",
        comments=[
            C("Catford Cath", "Another nail in the coffin for the high street.", ""),
            C("Motorist", "£3.80 an hour to park at Riverside North car park? Absolutely not, I'll shop online.", ""),
        ],
    ),
]
