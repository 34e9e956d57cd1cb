# ruff: noqa: E501
"""Reddit threads from r/Luton, r/bicester and r/oxford for the demo corpus.

Hand-written, fictional. Label codes: ab abusive, th threat, ha hate,
de defamatory, ns names_staff, ip identifies_pupil, pd personal_data,
sg safeguarding, cr criticism. School codes: see ``_model.SCHOOL_CODES``.
"""

from _model import C, Thread

THREADS: list[Thread] = [
    Thread(
        sub="Luton", author="lu4_mum_of_three", age_days=6.2, schools="bh", labels="cr ns", score=87,
        title="Anyone else had problems with the deputy head at Beech Hill Primary?",
        body=(
            "Not trying to start a witch hunt but I'm at the end of my rope. Since Mr Hollis took over "
            "behaviour at Beech Hill Primary it feels like every week there's a new rule and the kids "
            "get punished for stuff they didn't know was a rule. I've emailed twice and had no reply. "
            "Is it just us or are other parents finding the same?"
        ),
        comments=[
            C("Kaz_in_Leagrave", "Yes. Mr Hollis put my son in isolation for a whole day because his shirt was untucked after PE. A whole day. He's 8.", "cr ns"),
            C("sunday_roast_stan", "Same school? That's mad. We're at Beech Hill too and Year 3 have been fine tbh, the class teachers are lovely.", "", parent=0),
            C("DunstableRoadDave", "Tom Hollis is a jumped up little prick who thinks he's running a prison. Nobody at the gates can stand him.", "ab ns"),
            C("lu4_mum_of_three", "Bit strong but yeah, he's not winning anyone over with the way he speaks to parents.", "cr", parent=2),
            C("truthbomb_luton", "He was sacked from his last school in Dunstable for grabbing a kid, look it up. Beech Hill knew and hired him anyway.", "de"),
            C("sunday_roast_stan", "Source? I've heard that one at the gates too but nobody ever has anything to back it up. Careful posting stuff like that.", "", parent=4),
            C("BeechHillDad", "Mr Holis told my daughter Amelia in Year 4 she was 'a waste of space' in front of the whole class. She cried all the way home and didn't want to go in the next day.", "cr ns ip"),
            C("DunstableRoadDave", "If he ever speaks to my boy like that I'll be waiting for him in the car park and he won't be walking out of it.", "th"),
            C("Kaz_in_Leagrave", "Don't do anything daft, you'll end up banned from site and it's your kid who pays for it.", "", parent=7),
            C("ta_not_telling", "I work at another Luton primary and honestly half the staff at Beech Hill are job hunting. The leadership there has lost the room.", "cr"),
            C("governor_watch", "Everyone slagging him off on here should email the chair of governors. That's literally what the complaints procedure is for and it does get read.", ""),
            C("truthbomb_luton", "He lives at 41 Wendover Crescent, LU4 0YX. Maybe someone should pay him a visit and show him how it feels to be shouted at.", "pd th"),
            C("modhelper_lu", "This needs removing now. Posting someone's home address is not OK whatever you think of him. Reported.", "", parent=11),
            C("Nana_Pat_Limbury", "Our Alfie (Year 2) loves it there. I think it's one or two loud parents on Facebook stirring it up every single term.", "ip"),
            C("lu4_mum_of_three", "My number's 07700 900417 if any Beech Hill parents want to go to the governors together as a group. Text don't ring, I work nights.", "pd"),
            C("BeechHillDad", "Jane Example should be embarrassed letting him run the place like this. Head in the sand as usual.", "cr ns"),
            C("keepitreal_lu", "The school is full of immigrant families who can't even speak English now, no wonder standards are in the bin. Send them back and watch the results go up.", "ha"),
            C("sunday_roast_stan", "Wow. Reported. My kids are 'immigrants' too apparently, both born at the L&D.", "", parent=16),
            C("Nana_Pat_Limbury", "For what it's worth Mrs Marchbank was brilliant when we had a rough patch at home last year. Not all the staff are the problem.", "ns"),
            C("worried_dad_lu4", "My lad came home with a big bruise on his upper arm and said Mr Pennywell grabbed him to drag him out of the line. School say they'll 'look into it'. I've rung the LADO myself.", "sg ns"),
            C("governor_watch", "That's exactly the right thing to do. Keep a note of dates and what he told you, and don't let anyone fob you off.", "", parent=19),
            C("ta_not_telling", "Gareth's a good teacher to be fair, I'd be surprised. But the LADO is there for a reason.", "ns", parent=19),
        ],
    ),
    Thread(
        sub="Luton", author="pta_beechhill", age_days=3.1, schools="bh", labels="", score=41,
        title="Beech Hill school Christmas fair - Saturday 5th December, 11-2",
        body=(
            "Hi all, the PTA at Beech Hill Community Primary (Leagrave end, off the main road) is running "
            "the Christmas fair on Sat 5th Dec. Grotto, tombola, cake stall, the Year 6 steel band and a "
            "raffle with some brilliant prizes donated by local shops. Everyone welcome, you don't need "
            "to have kids at the school. Cash and card. All money goes towards new library books."
        ),
        comments=[
            C(None, "Any parking or is it walk only? Coming from Marsh Farm with a pushchair.", ""),
            C("OP", "Limited parking on site so walking is best if you can, there's a drop off bay by the front gate for blue badge holders.", "", parent=0),
            C(None, "My Poppy is doing the cake stall with her class, come and buy her lopsided cupcakes please 😂", "ip"),
        ],
    ),
    Thread(
        sub="Luton", author="leagrave_lurker", age_days=1.5, schools="bh", labels="cr", score=76,
        title="Beech Hill school TA posting TikToks about the kids",
        body=(
            "One of the teaching assistants at Beech Hill school has been posting TikToks taking the mick out of the "
            "kids and the parents. 'Another day at the zoo' with the school lanyard on. My kid is in that year group. "
            "Not OK."
        ),
        comments=[
            C(None, "I've seen them. She called the Year 1s 'feral little goblins'. Really unprofessional.", "cr"),
            C(None, "Her name's Kirsty Pellow, TA in Year 1, her account is still up.", "ns"),
            C(None, "Fat cow should be sacked, she's thick as mince anyway.", "ab"),
            C(None, "Worse than that, one video showed a kid's work with his name on. Rayan, Year 1. His mum is fuming.", "ip sg"),
            C(None, "I work at Beech Hill. Leadership know and it's being dealt with properly. Please stop sharing the videos, it's making it worse for the kids in them.", ""),
            C(None, "Typical of that school. Staff who can't stand kids and leadership who do nothing till it's on Reddit.", "cr"),
            C(None, "Email the safeguarding lead, Mrs Marchbank. This is exactly her job.", "ns"),
        ],
    ),
    Thread(
        sub="Luton", author="potholepaul", age_days=8.4, schools="", labels="", score=23,
        title="Beech Hill Road dug up AGAIN",
        body="Third time this year Beech Hill Road has been dug up by Cadent. Temporary lights at the junction and the 31 bus is diverting. Anyone know how long this time?",
        comments=[
            C(None, "Sign says 3 weeks which means 6.", ""),
            C(None, "Council roadworks map says gas main replacement till 11 December.", ""),
            C(None, "It's always Beech Hill Road. I swear they just fill it in so they can dig it up again.", ""),
        ],
    ),
    Thread(
        sub="Luton", author="spiceboy_lu", age_days=5.0, schools="", labels="", score=56,
        title="Best curry in Leagrave / Limbury?",
        body="Just moved to LU4 from Bedford. Where's good for a proper curry, ideally delivery? Not bothered about fancy.",
        comments=[
            C(None, "The one by the station does a lamb karahi that'll change your life.", ""),
            C(None, "Bury Park is a short drive and worth it, honestly, loads of choice.", ""),
        ],
    ),
    Thread(
        sub="Luton", author="newtoLU4", age_days=9.1, schools="bh", labels="", score=14,
        title="Reception admissions Sept 2027 - Beech Hill Primary?",
        body="We're filling in the reception application in January. Beech Hill Community Primary is our closest. Any current parents willing to share how they've found it? Our daughter is quite shy.",
        comments=[
            C(None, "Reception team are lovely, our son was really shy too and they gave him a buddy for the first few weeks. Settled in no time.", ""),
            C(None, "Go to the open morning but ask hard questions about SEN support. We waited two terms for a referral and had to chase every single step.", "cr"),
            C(None, "Honest answer: the teaching is good but communication from the office is poor. You'll find out about things the night before. Not a deal breaker but be ready for it.", "cr"),
            C("OP", "Thanks, that's really helpful. Is it oversubscribed?", "", parent=2),
            C(None, "It was last year, we only got in on distance. Check the council's allocation figures for last year.", "", parent=3),
        ],
    ),
    Thread(
        sub="Luton", author="LutonNewsBot", age_days=4.6, schools="bh", labels="cr", score=33,
        url="__BASE__/lutonnews/2026/11/16/beech-hill-ofsted-requires-improvement/",
        title="Beech Hill Community Primary rated 'requires improvement' by Ofsted",
        body="",
        comments=[
            C(None, "Not surprised if I'm honest. Behaviour was always going to be the thing they picked up on.", "cr"),
            C(None, "The report says early years is good and reading is strong. Everyone will only read the headline though.", ""),
            C(None, "Ofsted is a joke anyway, one word judgements were scrapped for a reason.", "cr"),
            C(None, "Leadership have been hiding behind the governors for years. This one is on them.", "cr"),
            C(None, "Maybe now that lazy lot will actually do some teaching instead of moaning about pay and going on strike.", "ab"),
        ],
    ),
    Thread(
        sub="bicester", author="OX26_mum", age_days=7.3, schools="cs", labels="cr", score=112,
        title="The Cooper School's new detention policy is a joke",
        body=(
            "Year 9 have been told any 'low level disruption' is now an automatic 60 minute detention the same day. "
            "No warning, no phone call, kids getting the late bus home in the dark. I get that they want calmer lessons "
            "but this feels like it's been done to us, not with us. Has anyone actually been consulted?"
        ),
        comments=[
            C("GaveyBicester", "Nobody was consulted. It came out on a Friday newsletter and started on the Monday. Classic.", "cr"),
            C("ChesterwellDad", "My son had 3 detentions last week, one for dropping a pen. I'm all for discipline but that's ridiculous.", "cr"),
            C("OX26_mum", "Exactly this. And when I asked why, the reply was basically 'policy is policy'.", "cr", parent=1),
            C("bicester_bob", "Daniel Ashcombe is a power tripping clown. Head of Year my arse, he couldn't run a bath.", "ab ns"),
            C("kingsmere_kate", "Mr Ashcombe has actually been really supportive with my daughter's anxiety. I think the policy is from the top, not him.", "ns", parent=3),
            C("bicester_bob", "Then he's a spineless clown who does what he's told.", "ab", parent=4),
            C("ChesterwellDad", "Has anyone written to Mr Oakridge directly? A polite letter from a few of us would land better than a Reddit thread.", "ns"),
            C("GaveyBicester", "Done that. Got a reply within two days saying they'd review it at half term. So at least that's something.", "", parent=6),
            C("anon_ox26", "Ashcombe parks his ZK19 WRP across two spaces in the staff car park every morning like he owns the place. Tells you everything.", "ns pd"),
            C("LanghamsLass", "My son Kian in 9R has been in detention so much he's now refusing to go in. I've had to ask the GP for help.", "ip sg"),
            C("kingsmere_kate", "Sorry to hear that. Ask for a meeting with Mrs Trelawney, she's the safeguarding lead and she's good with school refusal.", "ns", parent=9),
            C("bicester_bob", "Someone needs to slash his tyres, that'd wake him up.", "th"),
            C("OX26_mum", "Please don't. That's not helping any of our kids.", "", parent=11),
            C("just_a_teacher_ox", "Teacher (not at Cooper) here. Same-day detentions without parental notice are legal, but most schools give 24h notice where there are transport issues. Worth raising that specific point, it's a reasonable ask.", ""),
            C("ChesterwellDad", "That's a really useful point, thanks. The bus issue is the main thing for us out in the villages.", "", parent=13),
            C("HonestHarry_ox", "Oakridge has been fiddling the exam entries for years to make the league tables look better, this is more of the same. Bunch of crooks.", "de ab ns"),
            C("GaveyBicester", "Can we keep it to the detention policy please, that kind of stuff gets threads locked.", "", parent=15),
            C("anon_ox26", "The school is a shambles from top to bottom and always has been.", "cr"),
        ],
    ),
    Thread(
        sub="bicester", author="reception_mama_ox", age_days=2.4, schools="gf", labels="ns", score=64,
        title="Shout out to Mrs Amberley at Glory Farm Primary",
        body="Our daughter started Reception at Glory Farm in September absolutely terrified. Mrs Amberley has been incredible, she stayed late twice to talk us through a settling-in plan. Just wanted to say it somewhere public. Teachers get enough stick.",
        comments=[
            C(None, "Lucy Amberley taught my eldest too, she's a gem.", "ns"),
            C(None, "Lovely to see a positive post for once ❤️", ""),
            C(None, "Glory Farm generally is a really warm school. The new building is looking great too.", ""),
            C(None, "Agree. My Ruby in Oak class came home singing every song from the harvest assembly.", "ip"),
            C(None, "Glad it's working for you. Our experience with the office was less great but the teachers are lovely.", "cr"),
        ],
    ),
    Thread(
        sub="bicester", author="chippy_hunter", age_days=6.8, schools="", labels="", score=19,
        title="Glory Farm shops - new chippy opening?",
        body="Noticed the old launderette unit at the Glory Farm shops has paper over the windows. Heard it's a chip shop. Anyone know?",
        comments=[
            C(None, "Planning notice says hot food takeaway so probably yes!", ""),
            C(None, "Finally. The Glory Farm shops parade has been crying out for one since the last one shut.", ""),
            C(None, "My mate's doing the fit-out, says opening mid December.", ""),
        ],
    ),
    Thread(
        sub="bicester", author="tutu_taxi", age_days=1.9, schools="", labels="", score=8,
        title="Cooper School of Dance winter show tickets",
        body="Anyone got a spare ticket for the Cooper School of Dance winter show on Saturday? Sold out online and my mum wants to come see my daughter's tap routine.",
        comments=[
            C(None, "Ring the studio, they usually hold a few back for family.", ""),
            C(None, "Mrs Cooper is lovely, she'll sort you out if she can.", ""),
            C(None, "We've got one spare for the matinee, DM me.", ""),
        ],
    ),
    Thread(
        sub="bicester", author="plumber_needed_ox", age_days=4.0, schools="", labels="", score=5,
        title="Recommend a plumber? Boiler packed in",
        body="Boiler's died and it's freezing. Any recommendations in Bicester for someone reliable who won't charge a fortune for a callout?",
        comments=[
            C(None, "Mr Cooper from Launton did ours, fair price and turned up when he said he would.", ""),
        ],
    ),
    Thread(
        sub="bicester", author="glory_farm_dad", age_days=1.2, schools="gf", labels="sg", score=95,
        title="Man taking photos outside Glory Farm school gates at pick up",
        body=(
            "Just a heads up for Glory Farm Primary parents. For the last three afternoons a man in a grey van has parked "
            "opposite the gates at pick up and been taking photos on his phone while the little ones come out. "
            "I've told the office and they've said they'll pass it on. Anyone else noticed him?"
        ),
        comments=[
            C(None, "Yes! Tuesday and Wednesday. Grey Transit, ladder on top. He drove off when I looked at him.", "sg"),
            C(None, "Reg is ZN20 PLU, I got it on my dashcam. Have passed it to 101.", "pd sg"),
            C(None, "Please report it to the police and not just the school. They need a pattern.", ""),
            C(None, "Could be a builder on a job across the road? There's an extension going up on the corner. Not saying don't report, just don't panic.", "", parent=0),
            C(None, "If I see him there tomorrow I swear I'll drag him out of that van and batter him.", "th"),
            C(None, "Please don't, if he's innocent you're the one in a cell, if he's not you could wreck a prosecution.", "", parent=4),
            C(None, "The school sent a text tonight saying they're aware and the police have been informed. Mr Carraway was on the gate today.", "ns"),
            C(None, "My Freya in Year 1 is scared to walk home now, she heard the other mums talking. Thanks for the drama everyone.", "ip"),
            C(None, "Update: PCSO said it was a surveyor for the council doing a parking survey and he's been told to wear his lanyard. Relief.", ""),
            C(None, "Good outcome. Still right to report it.", "", parent=8),
            C(None, "Lock the thread maybe now it's resolved? People are sharing his reg everywhere and he's done nothing wrong.", "", parent=8),
        ],
    ),
    Thread(
        sub="bicester", author="BicesterBugleFan", age_days=5.9, schools="cs", labels="cr", score=71,
        url="__BASE__/bicesterbugle/2026/11/14/parents-angry-over-uniform/?utm_source=reddit&utm_medium=social&utm_campaign=share",
        title="Parents angry over Cooper School uniform change (Bicester Bugle)",
        body="",
        comments=[
            C(None, "£38 for a blazer you can only buy from one shop in Banbury. During a cost of living crisis. Brilliant.", "cr"),
            C(None, "To be fair the old jumpers were awful and the second hand sale is on in January.", ""),
            C(None, "Every school does this, it's a cash grab with the supplier and someone at the trust is getting a kickback, guaranteed.", "de"),
            C(None, "Another year, another pointless change nobody asked for. The trust just doesn't listen to parents.", "cr"),
            C(None, "Read the article, the trust says there's a hardship fund. Email the school if you're struggling, it's confidential.", ""),
            C(None, "Disgusting decision. Whoever signed this off clearly doesn't live in the real world.", "cr"),
        ],
    ),
    Thread(
        sub="bicester", author="angry_dad_ox26", age_days=2.9, schools="gf", labels="sg ns", score=58,
        title="Glory Farm Primary lunchtime supervisor dragged my son across the hall",
        body=(
            "My son (Year 2) came home with red marks round his wrist and said one of the lunchtime supervisors, "
            "Mrs Dobbs, dragged him across the hall because he wouldn't sit down. I've taken photos of the marks. "
            "Glory Farm say they're 'investigating'. Has this happened to anyone else's child?"
        ),
        comments=[
            C(None, "Mrs Dobbs has been doing that for years, she's a nasty old bag who hates kids.", "ab ns de"),
            C(None, "Report it to the LADO yourself, don't wait for the school to do it.", ""),
            C(None, "My daughter Lily-Mae in Year 2 said she saw it happen, Oscar was crying his eyes out after.", "ip sg"),
            C(None, "If anyone touched my kid like that they'd be leaving in an ambulance.", "th"),
            C(None, "She's at 22 Ferncroft Way, OX26 9ZA, it's on the electoral roll. Go and ask her yourself what she thinks she's playing at.", "pd"),
            C(None, "Lunchtime staff get paid peanuts and no training. This is on the school as much as on her.", "cr"),
            C("OP", "Mrs Fenwick rang me back within the hour and she's been suspended while they investigate. Credit where it's due.", "ns"),
            C(None, "Suspended? She should be sacked and locked up. Animals like her shouldn't be anywhere near kids.", "ab", parent=6),
            C(None, "Everyone calm down, there's a process and it sounds like it's being followed.", "", parent=7),
            C(None, "Fenwick always covers for her staff. She buried the last complaint about the same woman, my sister was the one who made it.", "de ns"),
        ],
    ),
    Thread(
        sub="oxford", author="results_day_ox", age_days=9.6, schools="cs", labels="", score=22,
        title="Cooper School Bicester - sixth form open evening thoughts?",
        body="Thinking about sixth form at The Cooper School in Bicester vs going into Oxford for college. Anyone been to the open evening this year?",
        comments=[
            C(None, "Went last week. Smaller groups than college and the science labs are decent. Bus into Oxford is a pain every day.", ""),
            C(None, "My sister did A levels there, got into Leeds. Teachers knew her properly which helped.", ""),
            C(None, "Depends on subjects. College has more choice if you want something niche.", ""),
            C(None, "Honestly the sixth form there is badly run. Timetable changed three times last year and two teachers left mid-year.", "cr"),
        ],
    ),
]
