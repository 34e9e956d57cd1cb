# ruff: noqa: E501
"""Reddit threads from r/london, r/Lewisham, r/UKParenting and r/unitedkingdom.

Hand-written, fictional. Codes as in ``_model``. One comment carries a
literal script and img-onerror payload: it must be stored verbatim and shown
escaped.
"""

from _model import C, Thread

THREADS: list[Thread] = [
    Thread(
        sub="london", author="se13_dad", age_days=4.9, schools="rn", labels="ha sg", score=203,
        title="Racist abuse shouted at kids outside Riverside North Primary in Lewisham",
        body=(
            "This morning a man stood outside Riverside North Primary screaming at Black and Asian families "
            "dropping off, telling them to 'go back to their own country'. Kids as young as four heard all of it. "
            "Police came eventually. Absolutely sickening. Has this happened anywhere else in SE13?"
        ),
        comments=[
            C("catford_carol", "I was there. The staff were brilliant, got the kids inside and Mr Adeyemi stood at the gate until the police arrived.", "ns"),
            C("ladywell_lou", "My daughter is in Reception and asked me tonight if we have to move house. She's five.", "sg"),
            C("hither_green_hal", "Glad the police came. Hope he's charged, that's a public order offence at least.", ""),
            C("patriot_pete_1966", "Man's got a point though. That school is 90% foreigners now and the head is one of them. Nothing British about it.", "ha ns"),
            C("catford_carol", "Reported for hate. Mr Adeyemi was born in Lewisham Hospital, not that it should matter.", "ns", parent=3),
            C("patriot_pete_1966", "Born here doesn't make you British. They should all be shipped out, staff and kids.", "ha", parent=4),
            C("brockley_bex", "Mods please deal with this account. Disgusting.", "", parent=5),
            C("ladywell_lou", "The school sent a lovely letter home, there's extra staff on the gate all week and the community police officer is doing a session with Year 5.", ""),
            C("se13_dad", "Some absolute scumbag on the local Facebook group is now saying the Black teacher 'provoked' him. Mr Castellano is Italian mate.", "ns"),
            C("hither_green_hal", "The Facebook group is a cesspit, ignore it.", "", parent=8),
            C("riverside_governor_unofficial", "If you witnessed it, please give a statement to the police. The school has the CCTV but eyewitnesses really help.", ""),
            C("deptford_dan", "If I'd been there I'd have put him through the railings, racist scum.", "th ab"),
            C("se13_dad", "Appreciate the sentiment but please don't. The school handled it and that's what matters for the kids.", "", parent=11),
        ],
    ),
    Thread(
        sub="london", author="riverside_parent_se13", age_days=3.8, schools="rs", labels="", score=88,
        title="Riverside South Infants 'all kinds of families' assembly - parents kicking off",
        body=(
            "Riverside South Infant School did an assembly this week on 'all kinds of families' and read a picture "
            "book with two dads in it. The class WhatsApp has gone nuclear. Genuinely curious what people here think."
        ),
        comments=[
            C(None, "Good. Kids with two dads exist and deserve to see themselves in a book.", ""),
            C(None, "Keep your gay propaganda away from five year olds. Perverts, the lot of them.", "ha ab"),
            C(None, "The teacher who read it, Mr Okoro, is obviously queer himself and shouldn't be allowed near little boys.", "ha ns"),
            C(None, "That's vile homophobia and you've just named a teacher. Reported.", "", parent=2),
            C(None, "It's an infant school. They read a picture book. Everyone calm down.", ""),
            C(None, "I've emailed Mrs Lockwood to withdraw my son from any more of this. Not what I send him to school for.", "cr ns"),
            C(None, "Trans nutters and their groomer mates have taken over the schools. This is how it starts.", "ha ab"),
            C(None, "It's the Muslim parents complaining. If they don't like British values they can go back to their own countries.", "ha"),
            C(None, "I'm a Muslim parent at Riverside South and I'm fine with the book, thanks for speaking for me though.", "", parent=7),
            C(None, "Someone should put a brick through the school window, see if they still want to preach after that.", "th"),
        ],
    ),
    Thread(
        sub="london", author="nativity_nerves", age_days=0.9, schools="rs", labels="", score=35,
        title="Riverside South Infants nativity - tickets?",
        body="Does anyone know if Riverside South Infants are doing tickets for the nativity this year or is it first come first served? Last year we stood at the back and saw nothing.",
        comments=[
            C(None, "Two tickets per family, letter came home today in book bags.", ""),
            C(None, "My Amara is a sheep in Class Robins. She has been baa-ing at me for a week.", "ip"),
            C(None, "Mrs Lockwood mentioned at coffee morning there'll be a second performance on the Friday afternoon.", "ns"),
        ],
    ),
    Thread(
        sub="london", author="cheapparking_se", age_days=7.1, schools="", labels="", score=9,
        title="Riverside North car park charges going up",
        body="The Riverside North car park by the shopping centre is going up to £3.80 an hour from January. Anyone know a cheaper option for a Saturday?",
        comments=[
            C(None, "£3.80 is daylight robbery. Riverside North car park was half empty last Saturday too.", ""),
            C(None, "The council's consultation on it closes next week if you want to moan officially.", ""),
        ],
    ),
    Thread(
        sub="london", author="rent_is_too_high", age_days=2.2, schools="", labels="", score=410,
        title="Rent in Lewisham has gone up 20% in two years",
        body="Landlord has just put ours up again. £1,850 for a two bed in Catford with damp in the bathroom. How is anyone managing?",
        comments=[
            C(None, "We're moving out to Kent. Commute is worse but we can afford to eat.", ""),
            C(None, "Landlords are parasites, every single one of them.", "ab"),
        ],
    ),
    Thread(
        sub="Lewisham", author="schoolrun_rage", age_days=5.3, schools="rn", labels="cr", score=52,
        title="School run parking outside Riverside North Primary is getting dangerous",
        body=(
            "Every morning there are cars on the zig-zags and the pavement outside Riverside North Primary. A Year 1 kid "
            "nearly got clipped yesterday. The school keep sending letters but nothing changes. Can we get the council to "
            "do a school street?"
        ),
        comments=[
            C(None, "The silver Range Rover ZF71 KRT is there every single day on the zig-zags. Same one. Shameless.", "pd"),
            C(None, "Council will do a School Street if the school applies and there's a consultation. Riverside South did one two years ago and it worked.", ""),
            C(None, "Parents who park like that are selfish idiots, simple as that.", "ab"),
            C(None, "Some of us have to drive because we go straight on to work. Not everyone can walk.", ""),
            C(None, "Park further away and walk five minutes then. It's not hard.", "", parent=3),
            C(None, "The lollipop lady has been asking for help for months. Nobody listens.", "cr"),
            C(None, "I emailed Mr Adeyemi and he said they're applying for a School Street in the spring. So hopefully.", "ns"),
            C(None, "The mum in the white Qashqai ZD19 FNO is the worst, she lives two doors down from me on Ravensbourne Road and still drives.", "pd"),
        ],
    ),
    Thread(
        sub="Lewisham", author="ledger_reader", age_days=3.0, schools="rn", labels="ns ab", score=14,
        title="Anyone else think Mr Castellano at Riverside North is a joke?",
        body="Year 5 teacher at Riverside North. Sets homework no one can do, never answers emails, and called my kid lazy at parents' evening. Total joke of a teacher.",
        comments=[
            C(None, "Ben Castellano is actually one of the best teachers there. My son went from hating maths to loving it.", "ns"),
            C(None, "Parents' evening was a bit blunt but he wasn't wrong about my daughter's effort tbf.", ""),
            C(None, "He's a smug little w*nker who looks down on working class parents.", "ab"),
            C(None, "<script>alert(1)</script> lol let's see if this site escapes anything <img src=x onerror=\"alert(document.cookie)\">", ""),
            C(None, "Why are you posting code? Weird.", "", parent=3),
            C("OP", "My son Tyler in 5C says he picks on him in front of everyone. I'm going to the head about it.", "ip cr"),
            C(None, "Ask for a meeting with Tyler's class teacher AND the head of school together, that usually gets things moving.", "ip", parent=5),
        ],
    ),
    Thread(
        sub="UKParenting", author="quietlyworried_uk", age_days=8.2, schools="br", labels="sg", score=91,
        title="Child in my daughter's class always hungry - what should I do?",
        body=(
            "My daughter is in Year 2 at a small village primary in Wiltshire (Bratton Primary). She's told me a few times "
            "that a boy in her class, Harvey, comes in without a coat, says he hasn't had breakfast, and asked her for her "
            "crisps. Yesterday she said he had a 'sore hand' that was all purple. I don't want to interfere but I can't "
            "stop thinking about it. What's the right thing to do?"
        ),
        comments=[
            C(None, "Tell the school's designated safeguarding lead, in writing if you can. You don't need proof. They'd far rather hear it from ten parents than none.", ""),
            C(None, "Former DSL here. This is exactly the kind of thing we want to hear. Stick to what your daughter said, don't investigate yourself.", ""),
            C("OP", "Thank you all. I've emailed Mr Marsh who is the DSL. Feel sick about it but better to say something.", "ns"),
            C(None, "You did the right thing. Poor little lad.", ""),
            C(None, "His mum is always off her face at pick up, everyone knows she's a druggie. Kid should be taken off her.", "ab de"),
            C(None, "Please don't speculate about the family here, it helps nobody and could identify them.", "", parent=4),
        ],
    ),
    Thread(
        sub="UKParenting", author="firsttimecomplainer", age_days=5.7, schools="", labels="", score=64,
        title="How do you complain to a school properly without becoming 'that parent'?",
        body="General question. My child's school (not naming it) has been ignoring a SEN issue for a term. I want to complain but I don't want the teachers to take it out on my kid. How have others done it?",
        comments=[
            C(None, "Find the complaints policy on the school website and follow the stages exactly. Emails, not phone calls, so there's a record.", ""),
            C(None, "Ask for a meeting with the SENCo first, take notes, then email a summary afterwards 'to check I understood'.", ""),
            C(None, "Keep it off Facebook. Nothing gets a school's back up faster and it doesn't help your case.", ""),
        ],
    ),
    Thread(
        sub="UKParenting", author="fussy_eater_help", age_days=2.6, schools="", labels="", score=120,
        title="Fussy 4 year old - only eats beige food",
        body="Pasta, chips, crackers, toast. That's it. Any tips before I lose my mind?",
        comments=[
            C(None, "Put one new thing on the plate every meal, no pressure to eat it. Took months but it worked for us.", ""),
            C(None, "Speak to the health visitor if you're worried about weight, otherwise it's really common at that age.", ""),
        ],
    ),
    Thread(
        sub="unitedkingdom", author="newsdigest_uk", age_days=6.9, schools="bh", labels="pd", score=340,
        title="Luton parent posted teacher's home address and phone number on Facebook after detention row",
        body=(
            "Screenshots are doing the rounds of a post in a Luton parents' group which gave the home address of a "
            "Beech Hill Primary teacher and the number 07700 900612, telling people to 'let him know what you think'. "
            "The post has since been deleted. Bedfordshire Police say they are aware."
        ),
        comments=[
            C(None, "This is why teachers are leaving in droves. Imagine getting that for giving a detention.", ""),
            C(None, "Why would you repost the phone number in your post though? Genuinely asking.", "", parent=None),
            C(None, "The same school is apparently a mess, maybe parents are just sick of being ignored.", "cr"),
            C(None, "Teachers are lazy overpaid whingers anyway who get 13 weeks off a year.", "ab"),
        ],
    ),
    Thread(
        sub="unitedkingdom", author="energy_watch", age_days=1.4, schools="", labels="", score=980,
        title="Ofgem price cap to rise again in January",
        body="Another rise of about 4% from January. Standing charges up too.",
        comments=[
            C(None, "Standing charges are the real scandal. I pay £200 a year before I've boiled a kettle.", ""),
        ],
    ),
]
