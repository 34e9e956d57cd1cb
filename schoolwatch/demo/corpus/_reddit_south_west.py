# ruff: noqa: E501
"""Reddit threads from r/Cornwall and r/wiltshire for the demo corpus.

Hand-written, fictional. Codes as in ``_model``.
"""

from _model import C, Thread

THREADS: list[Thread] = [
    Thread(
        sub="Cornwall", author="tamar_side_mum", age_days=3.7, schools="ss", labels="ns sg", flags="s141f", score=48,
        title="Year 6 teacher at St Stephens Launceston suspended?",
        body=(
            "Hearing at the gate that Mrs Penrose at St Stephens Community Academy has been suspended because a girl "
            "in her class told her mum she'd been grabbed by the arm. School won't say anything and the Year 6 "
            "class has a supply teacher. Does anyone actually know what's going on? My son is in that class."
        ),
        comments=[
            C("launcy_lad", "You can't post that. There's a law about naming teachers who've had an allegation made against them by a pupil. Mods?", ""),
            C("kernow_karen", "It's the little Trewin girl, Maisie, in Year 6. Her mum has been telling everyone in the Co-op.", "ip sg"),
            C("OP", "I'm not accusing anyone, I'm asking because my kid is upset and the school is saying nothing.", "", parent=0),
            C("polson_pete", "Amy Penrose taught both mine and she's the last person I'd believe this of. Hope it's sorted quickly.", "ns", flags="s141f"),
            C("kernow_karen", "Everyone knows she's got a temper. No smoke without fire.", "de", parent=3),
            C("launcy_lad", "This is exactly how lives get ruined. Let the LADO do its job.", "", parent=4),
            C("moor_walker", "Ask the school for a meeting about how your son is coping, they have to support him whatever the outcome. Don't ask about the teacher, they can't tell you.", ""),
            C("tamar_side_mum", "Thank you, that's what I'll do. Mr Tregenna rang back this afternoon actually and was really kind.", "ns", parent=6),
            C("AnDarasWatcher", "The trust will have a process. Honestly the kindest thing for the kids, the teacher AND the girl is for this thread to go.", ""),
        ],
    ),
    Thread(
        sub="Cornwall", author="launceston_lass", age_days=8.9, schools="ss", labels="", score=37,
        title="St Stephens school Launceston - rugby team through to county final!",
        body="Massive well done to the Year 5/6 tag rugby team at St Stephens Community Academy who are through to the Cornwall schools final in Truro next week. Proud of the lot of them.",
        comments=[
            C(None, "Brilliant! Which day is the final? Would love to go and cheer.", ""),
            C("OP", "Wednesday 25th, 1pm at the Cornwall rugby ground I think.", "", parent=0),
            C(None, "Our Jago scored twice in the semi, he's not stopped talking about it 😂 Year 6 legends.", "ip"),
            C(None, "Great coaching from the PE lead too, he gives up every Thursday lunchtime for it.", ""),
        ],
    ),
    Thread(
        sub="Cornwall", author="worried_mum_pl15", age_days=5.1, schools="ss", labels="cr", score=44,
        title="Bullying at St Stephens school in Launceston - my daughter has had enough",
        body=(
            "My daughter is in Year 5 at St Stephens school in Launceston and has been picked on by the same group "
            "since September. Name calling, stuff taken from her bag, left out at break. Every time I go in the school "
            "says they're 'dealing with it'. Nothing changes. What would you do?"
        ),
        comments=[
            C(None, "Who's doing it? Name and shame.", ""),
            C("OP", "A girl called Tegan Rowe in Year 5 and her little gang. Her mum knows and does nothing.", "ip", parent=0),
            C(None, "Her mum is a drunk and a slag, what do you expect from that family.", "ab", parent=1),
            C(None, "Please don't name children on here. That's a ten year old.", "", parent=1),
            C(None, "Have a word with the mum directly, her number's 07700 900856 and she lives on Tregarth Road.", "pd"),
            C(None, "The Rowe kids should be kicked out of St Stephens, the whole family is feral.", "ab ip"),
            C(None, "Go to Mr Tregenna, he's the safeguarding lead and he actually does something.", "ns"),
            C(None, "St Stephens has had a bullying problem for years and the leadership just don't care. Same story every September.", "cr"),
            C(None, "Polglase is a useless bitch who only cares about Ofsted.", "ab ns"),
            C(None, "If that girl lays a finger on my niece again I'll deal with her myself, I don't care how old she is.", "th"),
            C(None, "Threatening a ten year old on Reddit. Classy.", "", parent=9),
            C(None, "Write everything down with dates and email the head. If nothing changes in two weeks, go to the governors.", ""),
        ],
    ),
    Thread(
        sub="Cornwall", author="bellringer_ben", age_days=5.5, schools="", labels="", score=15,
        title="St Stephen's Church Launceston - bell ringers needed",
        body="St Stephen's Church on the hill above Launceston is looking for new bell ringers. No experience needed, practice is Tuesday evenings. Lovely bunch, tea and biscuits guaranteed.",
        comments=[
            C(None, "Is there an age limit? My teenage son has been wanting to try.", ""),
            C("OP", "Twelve and up with a parent for the first few sessions. Bring him along!", "", parent=0),
            C(None, "St Stephen's churchyard has some fascinating old headstones too if anyone's into local history.", ""),
        ],
    ),
    Thread(
        sub="Cornwall", author="saltash_sam", age_days=2.8, schools="", labels="", score=11,
        title="St Stephens (Saltash) road closed for resurfacing",
        body="FYI the road through St Stephens by Saltash is shut from Monday for three nights. Diversion via the A38. Plan ahead if you're heading to the bridge.",
        comments=[
            C(None, "Third lot of resurfacing in St Stephens this year, the council loves a cone.", ""),
        ],
    ),
    Thread(
        sub="Cornwall", author="castle_visitor", age_days=6.0, schools="", labels="", score=29,
        title="Launceston Castle - open over winter?",
        body="Visiting family in Launceston over Christmas. Is the castle open in winter or just the summer season?",
        comments=[
            C(None, "Walk up to the castle mound anyway, the views over Dartmoor are lovely even from outside the gate.", ""),
        ],
    ),
    Thread(
        sub="Cornwall", author="parent_of_two_pl15", age_days=4.4, schools="ss", labels="cr", score=26,
        title="St Stephen's Academy and the new lunch provider",
        body="Since St Stephen's Academy switched catering companies the portions are tiny and my two are starving by 2pm. £2.80 a day for half a jacket potato. Has anyone raised it with the school council or the trust?",
        comments=[
            C(None, "Yes, and we got a standard 'we're monitoring feedback' reply. I've started sending packed lunches.", "cr"),
            C(None, "An Daras chose the contract for all their schools, so it's a trust decision not the head's.", ""),
            C(None, "Mine are on free school meals and honestly it's the only hot meal they get some days, so portions really matter.", "cr"),
            C(None, "Mrs Polglase said at the parents' forum they're doing a taster day in December. Go along and tell them.", "ns"),
            C(None, "The food is absolute slop and the people running it are thieving scum.", "ab"),
            C(None, "Half them cooks are foreigners who wouldn't know a proper British dinner if it hit them. Send them home and hire locals.", "ha"),
            C(None, "The cooks are local mums working hard for minimum wage, have a word with yourself.", "", parent=4),
        ],
    ),
    Thread(
        sub="wiltshire", author="westbury_mum", age_days=7.7, schools="br", labels="", score=44,
        title="Bratton Primary Year 2 trip to Longleat - thank you!",
        body="Just want to say thank you to the staff at Bratton Primary who took Year 2 to Longleat yesterday in the freezing rain. Came home soaked, exhausted and completely happy. Must have taken some organising!",
        comments=[
            C(None, "Miss Okafor messaged the class page with photos all day so we knew they were OK. Lovely touch.", "ns"),
            C(None, "My Isla saw a rhino and has decided she's going to be a zookeeper 🦏", "ip"),
            C(None, "Our Noah was in Miss Okafor's group and came home with a toy rhino and a streaming cold 😂", "ip ns"),
        ],
    ),
    Thread(
        sub="wiltshire", author="throwaway_bratton_dad", age_days=1.6, schools="br", labels="sg", flags="iioc", score=61,
        title="Bratton parents - photos of kids from the school swimming gala being shared online",
        body=(
            "A friend has just told me pictures of kids from the Bratton Primary swimming gala are being shared in a "
            "Telegram group with some vile comments under them. I haven't seen them and I don't want to. Has anyone told "
            "the school? What do we do?"
        ),
        comments=[
            C(None, "Do NOT go looking for it and do not share the link with anyone, even to 'warn' people. Ring the police on 101 (999 if a child is in danger) and tell the school's safeguarding lead.", ""),
            C(None, "You can also report to CEOP online. They deal with exactly this.", ""),
            C(None, "Someone in the village WhatsApp posted a link earlier, I've told them to delete it.", "sg", flags="iioc"),
            C(None, "Mr Marsh is the DSL, he's in school from 7.30 tomorrow. I've left a message on the office phone tonight.", "ns"),
            C(None, "Whoever took those photos at the gala wants stringing up. If I find out who it is they're dead.", "th"),
            C(None, "The parents who film galas and sports days and stick it all over Facebook are half the problem. Tighten it up, school.", "cr"),
            C("OP", "Police have been in touch. They've asked everyone not to forward anything and said they're taking the group down. Thanks all.", ""),
        ],
    ),
    Thread(
        sub="wiltshire", author="westbury_gossip_no", age_days=2.0, schools="br", labels="", score=17,
        title="Is it true a Bratton Primary teacher was drunk on the school trip?",
        body="Rumour going round Westbury that one of the Year 2 staff at Bratton Primary was drinking on the Longleat trip. Anyone actually know, or is it the usual village gossip?",
        comments=[
            C(None, "It's true, Nadia Okafor was hammered. My cousin was a parent helper and saw her necking wine in the coach park.", "de ns"),
            C(None, "Your cousin is talking rubbish. I was on that trip and she was brilliant all day in the pouring rain.", "", parent=0),
            C(None, "What do you expect when they hire Africans to teach English kids. They don't share our values.", "ha"),
            C(None, "That's pure racism. Reported.", "", parent=2),
            C(None, "Miss Okafor is the best teacher my daughter has ever had. This thread is disgusting.", "ns"),
            C(None, "My son Reuben in Year 2 came back from that trip with a deep cut on his knee that nobody told me about. Found it at bath time.", "ip sg"),
            C(None, "Injuries on trips go in the accident book. Ask the office to show you the entry.", "", parent=5),
            C(None, "Someone should follow her home one night and see how much she really drinks.", "th"),
            C(None, "She lives in the flat above the shop on Westbury Road, green door, BA13 4ZP.", "pd", parent=7),
            C(None, "The head knows all about it and is covering it up, same as she covers everything up.", "de"),
            C(None, "If you have a real concern about a teacher's conduct it goes to the head or the LADO, not Reddit.", ""),
        ],
    ),
    Thread(
        sub="wiltshire", author="holiday_planner_99", age_days=9.3, schools="", labels="", score=7,
        title="Bratton Fleming - anyone stayed nearby?",
        body="Looking at a cottage near Bratton Fleming for February half term. I know it's Devon not Wilts but figured someone here might know it. Good base for Exmoor?",
        comments=[
            C(None, "Wrong Bratton mate 😂 ours is by Westbury. But yes, Bratton Fleming is lovely, great for Exmoor and the coast.", ""),
            C(None, "Bratton Clovelly is different again, that's over by Okehampton. Loads of Brattons!", ""),
        ],
    ),
    Thread(
        sub="wiltshire", author="westbury_commuter", age_days=3.3, schools="", labels="", score=18,
        title="Bratton Road, Westbury closed by the station",
        body="Bratton Road in Westbury is closed near the level crossing this week for drainage work. Buses diverting via Station Road.",
        comments=[
            C(None, "Again?? It floods every time it rains, hope they actually fix it this time.", ""),
            C(None, "Adds 15 minutes to the school run. Cheers Wiltshire Council.", ""),
        ],
    ),
    Thread(
        sub="wiltshire", author="bratton_parent_ba13", age_days=6.6, schools="br", labels="cr ns", score=31,
        title="Bratton Primary - no reply to complaint for 6 weeks",
        body=(
            "I made a formal complaint to Bratton Primary about how my son's bullying was handled in September. "
            "Stage one is supposed to be answered in 15 school days. It's been six weeks. I've emailed Mrs Westlake "
            "twice and the office once. I'm not trying to cause trouble, I just want a response. Any advice on what to do next?"
        ),
        comments=[
            C(None, "Write to the clerk to the governors and ask for it to go to stage two because the timescale has been missed. Keep it factual.", ""),
            C(None, "Ring the office and ask for a date it'll be answered by. Sometimes emails genuinely go in the wrong inbox.", ""),
            C(None, "Fiona Westlake is useless, she's been ignoring parents for years and should have been sacked ages ago.", "ab ns"),
            C("OP", "I'd rather keep it civil, I just want an answer. Thanks for the tips about the clerk.", "", parent=2),
            C(None, "Same happened to us last year. Eventually got a good outcome but only after going to governors.", "cr"),
            C(None, "Westlake is a lying cow who covered up a sexual assault in Year 6 two years ago. Everyone in the village knows it.", "ab de ns"),
            C(None, "That is a massive allegation to make on a public forum. If you know something go to the police or the LADO.", "", parent=5),
            C(None, "She drives the white Audi ZH68 BTN and parks on the zig-zags herself. Hypocrite.", "pd"),
            C(None, "Somebody should key that Audi. Might get her attention.", "th", parent=7),
            C(None, "Westlake only got the job because she's in with the governors. Jobs for the girls.", "de ns"),
        ],
    ),
]
