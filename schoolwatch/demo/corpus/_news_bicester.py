# ruff: noqa: E501
"""The Bicester Bugle: a fictional WordPress local-news site, articles and comments.

Articles carry HTML; every article has a per-post comment feed
(wfw:commentRss). Codes as in ``_model``.
"""

from _long_entry import live_blog_html
from _model import Article, C

SITE = {
    "key": "bicesterbugle",
    "title": "Bicester Bugle",
    "tagline": "News, views and goings-on from Bicester and the villages",
    "post_id_base": 4100,
    "comment_id_base": 18200,
}

ARTICLES: list[Article] = [
    Article(
        slug="parents-angry-over-uniform", age_days=6.4, author="Siobhan Parfitt",
        title="Parents angry over Cooper School uniform change",
        schools="cs", labels="cr", categories=("Education", "Bicester"),
        summary="Families say a new blazer-only uniform at The Cooper School will cost them more than £100 per child.",
        html=(
            "<p>Parents at <strong>The Cooper School</strong> in Bicester have criticised a decision to move to a "
            "blazer-only uniform from September 2027, saying it will add more than &pound;100 to the cost of kitting "
            "out each child.</p>"
            "<p>The new blazer, priced at &pound;38, will only be available from a single supplier in Banbury. "
            "A petition calling for the change to be paused has gathered more than 600 signatures.</p>"
            "<blockquote><p>&ldquo;Nobody is against smart uniform. We are against being told to buy it from one "
            "shop, during a cost of living crisis, with six weeks' notice,&rdquo; said one mother of three.</p></blockquote>"
            "<p>A spokesperson for Bicester Learning Academy Trust said the change followed a survey of students and "
            "that a <a href=\"__BASE__/bicesterbugle/uniform-hardship-fund/\">hardship fund</a> would help families who "
            "needed it. A second-hand uniform sale will be held in January.</p>"
            "<p>Do you have a view? Leave a comment below.</p>"
        ),
        comments=[
            C("Karen W", "£38 for a blazer and you can only buy it in Banbury. Who thought this was a good idea?", "cr"),
            C("Steve from Langford", "My lad will have grown out of it by Easter. Every year it's something new.", "cr"),
            C("Bicester Mum of 3", "To be fair the hardship fund is there and the PTA sale is brilliant. I got a full set for £12 last year.", ""),
            C("Karen W", "The hardship fund is means tested though. Loads of us just miss out and are still skint.", "cr", parent=2),
            C("Pete O", "Oakridge and his mates at the trust are getting a backhander from the supplier, that's the only explanation for a single shop.", "de ns"),
            C("Jenny Ambrosden", "That's a serious accusation Pete, have you got any evidence? There are other reasons schools do single suppliers, like the logo.", "", parent=4),
            C("Pete O", "Don't need evidence, it's obvious.", "de", parent=5),
            C("Dawn T", "Smart uniform makes a difference to how kids behave. I'm in favour, cost aside.", ""),
            C("Mark Launton", "It's a total scam and whoever signed it off is a thieving little toerag.", "ab"),
            C("Chesterton Grandad", "In my day we had one jumper and it got handed down three times. Kids today eh.", ""),
            C("Kelly B", "Mr Ashcombe told my son Callum in 9A to 'tell your mum to stop moaning on the Bugle'. Nice.", "ns ip cr"),
            C("Dawn T", "Really? That doesn't sound very professional. Worth raising with the school.", "", parent=10),
            C("Anon", "Someone should firebomb that uniform shop and the school while they're at it.", "th"),
            C("Bugle Moderator", "We've removed a comment that breached our house rules. Please keep the discussion civil.", ""),
            C("Sarah Kingsmere", "Went to the consultation evening. The trust did listen and said they'd look at a second supplier. Let's see.", ""),
            C("Karen W", "Thanks Sarah, didn't know that. That would make a huge difference.", "", parent=14),
            C("Immy R", "What really annoys me is the PE kit change too, Miss Brightwater said at the meeting it's 'only another £25'. Only!", "ns cr"),
            C("Mike Bure Park", "The school has gone to the dogs since the academy took over. Results down, staff leaving, now this.", "cr"),
            C("Lisa G", "My number is 07700 900281, any parents want to join a group to write to the trust board together, text me.", "pd"),
            C("Jenny Ambrosden", "Good idea Lisa, I'll text you. A joint letter is far more likely to get a proper reply.", "", parent=18),
        ],
    ),
    Article(
        slug="glory-farm-primary-good-ofsted", age_days=8.8, author="Tom Ridgeway",
        title="Glory Farm Primary celebrates 'good' Ofsted report",
        schools="gf", labels="ns", categories=("Education",),
        summary="Inspectors praised reading and early years at the Bicester primary.",
        html=(
            "<p>Glory Farm Primary School has been rated good in every area after a two-day inspection in October.</p>"
            "<p>Inspectors said pupils &ldquo;feel safe and happy&rdquo; and praised the school's reading programme and "
            "its <em>early years</em> provision.</p>"
            "<p>Headteacher Rachel Fenwick said: &ldquo;This is a reflection of our wonderful children, our dedicated "
            "staff and our supportive families.&rdquo;</p>"
            "<p>The full report is available on the Ofsted website.</p>"
        ),
        comments=[
            C("Ollie P", "Good? My son has been bullied there for a year and Mrs Amberley told me 'boys will be boys'. Ofsted only saw the nice bits.", "cr ns"),
            C("Anne Bicester", "Mrs Fenwick has turned that school around, it was in a bad way five years ago.", "ns"),
            C("Gary", "Good? The SEN support is non existent. My daughter waited a year for an assessment. Ofsted didn't ask us.", "cr"),
            C("Proud Glory Farm Mum", "Sorry to hear that Gary, hope it gets sorted.", "", parent=2),
            C("Dan the Van", "Owen Carraway the deputy is a creep who stares at the mums on the playground.", "ab ns"),
            C("Anne Bicester", "That's a horrible thing to write about someone, Dan.", "", parent=4),
            C("Emma H", "My Leo in Year 3 has come on so much in his reading this year. Thank you Glory Farm!", "ip"),
        ],
    ),
    Article(
        slug="cooper-school-of-dance-regional-title", age_days=9.4, author="Tom Ridgeway",
        title="Cooper School of Dance wins regional title",
        schools="", labels="", categories=("Community",),
        summary="Bicester's Cooper School of Dance took first place at the South East championships.",
        html=(
            "<p>Dancers from the Cooper School of Dance on Sheep Street brought home the team trophy from the South East "
            "championships in Reading at the weekend.</p>"
            "<p>Principal Jo Cooper said she was &ldquo;over the moon&rdquo; with the 24 dancers, aged seven to 17.</p>"
        ),
        comments=[
            C("Dance Mum Debs", "So proud of all the girls and boys! Jo works so hard for them.", ""),
            C("Phil Bicester", "Brilliant news for the town.", ""),
        ],
    ),
    Article(
        slug="glory-farm-shops-lighting", age_days=7.6, author="Siobhan Parfitt",
        title="New lighting for Glory Farm shops parade after safety complaints",
        schools="", labels="", categories=("Community", "Council"),
        summary="The district council will install LED lighting at the Glory Farm shops after residents raised safety concerns.",
        html=(
            "<p>New LED street lighting will be installed at the Glory Farm shops parade in the new year after residents "
            "complained the area was too dark in the evenings.</p>"
            "<p>The work is expected to take two weeks and the shops will remain open throughout.</p>"
        ),
        comments=[
            C("Glory Farm Resident", "About time. It's pitch black by the bins.", ""),
            C("Nora K", "Now fix the potholes in the car park please!", ""),
        ],
    ),
    Article(
        slug="live-trust-public-meeting-cooper-glory-farm", age_days=4.2, author="Bugle Live Desk",
        title="LIVE: Bicester Learning Academy Trust public meeting on plans for The Cooper School and Glory Farm Primary",
        schools="cs gf", labels="cr", categories=("Education", "Live"),
        summary="Follow our live coverage of the trust's public meeting on uniform, admissions and the new sixth form block.",
        html=live_blog_html(),
        comments=[
            C("Karen W", "Shame the trust wouldn't commit to anything on the uniform. Same old.", "cr"),
            C("Nigel C", "Good to see so many parents there. That's how you get listened to, not shouting online.", ""),
        ],
    ),
    Article(
        slug="cooper-school-students-food-bank", age_days=2.1, author="Tom Ridgeway",
        title="Cooper School students raise £3,000 for Bicester food bank",
        schools="cs", labels="", categories=("Education", "Charity"),
        summary="Sixth formers at The Cooper School organised a sponsored sleep-out.",
        html=(
            "<p>Sixth form students at <strong>The Cooper School</strong> slept out on the school field on one of the "
            "coldest nights of the month to raise more than &pound;3,000 for Bicester Food Bank.</p>"
            "<p>The food bank said the money would fund around 700 emergency parcels over winter.</p>"
        ),
        comments=[
            C("Food bank volunteer", "Thank you all so much, this will make a real difference this Christmas.", ""),
            C("Proud Nan", "My granddaughter Millie in Year 12 organised the rota. Proud isn't the word!", "ip"),
            C("Kirsty", "Lovely to read something positive about the school for once.", ""),
        ],
    ),
    Article(
        slug="man-arrested-online-threats-teacher", age_days=0.8, author="Siobhan Parfitt",
        title="Man arrested after online threats against Bicester teacher",
        schools="cs", labels="", categories=("Crime", "Education"),
        summary="Thames Valley Police arrested a 41-year-old man on suspicion of malicious communications.",
        html=(
            "<p>A 41-year-old man from Bicester has been arrested on suspicion of sending malicious communications "
            "after threats were posted online against a member of staff at The Cooper School.</p>"
            "<p>Thames Valley Police said he had been released on bail. The trust said the safety of its staff was its "
            "&ldquo;absolute priority&rdquo; and thanked parents who had reported the posts.</p>"
        ),
        comments=[
            C("Bicester Mum of 3", "Glad the police took it seriously for once.", ""),
            C("Lad from Launton", "Shame they let him out. Whoever went after Mr Ashcombe wants a taste of his own medicine and I know which pub he drinks in.", "th ns"),
            C("Truth Teller", "Ashcombe had it coming, and there's plenty more where that came from. Watch your back.", "th ns"),
            C("Bugle Moderator", "Comments on this article are now closed.", ""),
        ],
    ),
]
