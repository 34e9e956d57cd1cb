# ruff: noqa: E501
"""The one very long entry (~50 KB): a live blog of a trust public meeting.

The timestamped updates are hand-written; the appendix of consultation
responses is assembled deterministically from hand-written parts, the way a
trust would summarise a stack of written responses. Fictional throughout.
"""

from __future__ import annotations

import hashlib
from html import escape

UPDATES: list[tuple[str, str]] = [
    ("18:58", "Good evening and welcome to our live coverage from the main hall at The Cooper School, where Bicester Learning Academy Trust is holding a public meeting about its plans for the next three years. The hall is already close to full; staff are bringing in extra chairs from the canteen."),
    ("19:02", "The trust's chief operating officer opens by thanking everyone for coming out on a wet Tuesday. She says there are three things on the agenda: the uniform change at The Cooper School, admissions arrangements for Glory Farm Primary, and the new sixth form block. Questions will be taken after each item."),
    ("19:05", "She reminds the room that the meeting is being recorded for the minutes and asks people not to name individual children or staff in their questions. A ripple of laughter when she adds: 'or on Facebook afterwards, please.'"),
    ("19:09", "First item: uniform. The trust says the blazer-only uniform follows a student council survey in which 71% of students said they wanted a 'smarter' look. Several parents shake their heads. One calls out 'nobody asked us', and is asked to wait for questions."),
    ("19:14", "The trust confirms it is talking to a second supplier, in Bicester itself, which would mean families would not have to travel to Banbury. No decision yet; an update is promised before Christmas."),
    ("19:17", "On cost, the trust says the hardship fund will be doubled to £20,000 a year and will cover blazers, PE kit and school shoes. Applications will be confidential and handled by the school office, not teachers."),
    ("19:21", "First question from the floor. A father from Ambrosden says he has three children at the school and the change will cost him more than £300 in one go. He asks whether it could be phased in year by year. The trust says it will 'look carefully' at phasing. Applause."),
    ("19:25", "A mother asks why the PE kit is changing at the same time as the blazer. The answer: the old supplier has stopped making the current kit. She replies that this is the first time parents have been told that, and that it would have saved a lot of anger if it had been in the letter."),
    ("19:29", "A Year 11 student, speaking with her mum beside her, says most students did want a blazer, but not at £38, and that the survey did not ask about price. Loud applause. The trust says that is 'a fair point, well made'."),
    ("19:33", "Question about second-hand blazers: will older pupils' blazers be accepted back? Yes: the PTA will run a collection in July and a sale in September, and the school will accept any blazer with the current logo."),
    ("19:38", "Second item: Glory Farm Primary admissions. The trust wants to reduce the reception intake from 60 to 45 from September 2028 because of falling birth rates in the town. Some parents on the Glory Farm estate are worried their younger children won't get in."),
    ("19:42", "The trust says siblings will keep priority and that the catchment is not changing. It points to county figures showing reception applications across Bicester are down by about 12% since 2021."),
    ("19:46", "A grandmother asks what happens to the classroom space. The answer: a nurture room and a second small-group room for pupils with additional needs. She says that is 'the first sensible thing I've heard tonight'. Laughter."),
    ("19:51", "A parent who works as a teaching assistant in another Oxfordshire school asks whether any staff will lose their jobs because of the smaller intake. The trust says no redundancies are planned and that the change would happen gradually as classes move up."),
    ("19:55", "A question about the before- and after-school clubs at Glory Farm: prices have gone up by 50p a session this term. The trust says costs went up and that the clubs must break even, but promises to publish the figures."),
    ("20:01", "A short break while the microphones are swapped. Tea and squash are being served at the back. Noticeably calmer atmosphere than at the start."),
    ("20:08", "Third item: the sixth form block. Building work at The Cooper School is due to start at Easter and finish in summer 2028. The trust says the new block will have six classrooms, a study centre and a careers office."),
    ("20:12", "Residents from the streets behind the school ask about construction traffic. The trust says lorries will use the Churchill Road entrance only and not during drop-off and pick-up. A residents' liaison group will meet monthly."),
    ("20:17", "A parent asks whether the sixth form will bring back psychology and sociology, which were dropped two years ago. The trust says it wants to, if enough students choose them, and will run a survey of Year 10 and 11 in the spring."),
    ("20:22", "The mood turns briefly when a man at the back shouts that the trust is 'wasting money on buildings while kids sit in detention'. He is asked to let others speak and sits down to mixed applause and tutting."),
    ("20:26", "A governor of The Cooper School speaks from the floor to say governors have heard the concerns about the detention policy and will review it at their December meeting. She asks parents to send specific examples to the clerk, not to post them online."),
    ("20:31", "Question from a mum of a Year 7 with autism: how will the sixth form building work affect pupils with sensory needs? The trust says a quiet route through the site will be kept open and the SENCo will talk to families individually."),
    ("20:36", "Final questions. Someone asks whether the slides will be published. Yes, on both school websites by Friday, along with a summary of all the written consultation responses."),
    ("20:40", "Closing remarks: the trust thanks everyone and says it has 'heard very clearly' that communication with families needs to improve. It promises a termly parents' forum at both schools."),
    ("20:44", "That's the end of the meeting. Our reporter says around 220 people attended. We'll have a full write-up tomorrow. Below, the trust's own summary of the written responses it received, which it has shared with us."),
]

RESPONDENTS: list[str] = [
    "A parent of two children at The Cooper School",
    "A parent of a Year 7 pupil",
    "A grandparent who does the school run three days a week",
    "A parent of a reception child at Glory Farm Primary",
    "A resident of Churchill Road",
    "A Year 12 student",
    "A parent who works shifts at the hospital",
    "A parent of a child with an EHCP",
    "A foster carer with children at both schools",
    "A parent new to Bicester this year",
    "A member of staff (responding as a parent)",
    "A parent from one of the surrounding villages",
]

CONCERNS: list[str] = [
    "The cost of the new blazer is the main worry; with three children the total is well over what the family can find in one month.",
    "Buying from a single supplier outside the town means a bus journey and a day off work, which many families cannot manage.",
    "The letter about the uniform arrived with very little notice and did not explain why the PE kit was changing at the same time.",
    "Reducing the reception intake at Glory Farm could mean younger siblings are split from older brothers and sisters if catchment rules change later.",
    "Construction traffic for the sixth form block will pass houses where young children live and there is no pavement on one side.",
    "Same-day detentions leave pupils who travel from the villages without a bus home, and parents are not always told in time.",
    "Communication from both schools is too often a newsletter on a Friday afternoon about something starting on the Monday.",
    "The before- and after-school club prices have gone up twice in a year without a breakdown of costs.",
    "Pupils with sensory needs find building noise very hard and the plan does not say how they will be supported.",
    "The survey of students about uniform did not ask about price, so it cannot be taken as support for this particular blazer.",
    "Subjects like psychology were dropped from the sixth form and students now travel into Oxford to study them.",
    "Parents' evenings are booked online and the slots fill within minutes, which disadvantages parents who work shifts.",
    "The hardship fund is means tested and many working families just above the threshold are struggling as much as anyone.",
    "There is no clear way to raise a concern without it feeling like a formal complaint.",
    "Drop-off on the Glory Farm estate is already congested and a smaller intake will not fix the parking.",
]

SUGGESTIONS: list[str] = [
    "Phase the blazer in with new Year 7s only and let other year groups wear out what they have.",
    "Agree a second supplier in Bicester and let families sew the logo on to a plain blazer.",
    "Give at least a term's notice of any uniform change and explain the reasons in the first letter.",
    "Guarantee sibling priority in writing for the next five years.",
    "Route all lorries through the Churchill Road entrance and ban deliveries at school run times.",
    "Give 24 hours' notice of detentions for pupils who rely on school transport.",
    "Hold a termly parents' forum at each school, in the evening, with minutes published.",
    "Publish the costs of the wraparound clubs each year so families can see where the money goes.",
    "Keep a quiet route through the site and let the SENCo agree a plan with each family affected.",
    "Run a new uniform survey that includes prices and is sent to parents as well as students.",
    "Survey Year 10 and 11 about sixth form subjects before the options booklet is printed.",
    "Hold back some parents' evening slots for phone booking for families without reliable internet.",
    "Widen the hardship fund so that families can apply in confidence without a benefits letter.",
    "Set up a simple 'tell us' form for concerns that are not complaints.",
    "Work with the county council on a school street trial on the Glory Farm estate.",
]

ANSWERS: list[str] = [
    "The trust is in discussion with a second supplier and will confirm arrangements before the end of term.",
    "The hardship fund has been doubled and will cover blazers, PE kit and shoes; applications are confidential.",
    "Governors will review the detention policy in December, including notice for pupils on school transport.",
    "Sibling priority remains in the admissions arrangements and the catchment area is not changing.",
    "A residents' liaison group will meet monthly during building work, and deliveries will avoid school run times.",
    "A termly parents' forum will start in the spring term at both schools.",
    "Wraparound club costs will be published on the school websites in January.",
    "The SENCo will contact every family of a pupil with an EHCP before building work starts.",
    "Subject choices for the sixth form will be surveyed in the spring.",
    "The trust accepts that notice of the uniform change was too short and apologises for this.",
    "The trust will look at phasing the change year by year and will report back in the new year.",
    "This will be passed to the headteacher to consider with the school's parent council.",
]


def _pick(seed: str, options: list[str]) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return options[int.from_bytes(digest[:4], "big") % len(options)]


def consultation_responses(count: int = 80) -> list[str]:
    """The appendix: numbered responses, each concern paired with a suggestion and the reply."""
    responses = []
    for number in range(1, count + 1):
        who = _pick(f"who{number}", RESPONDENTS)
        concern = CONCERNS[(number * 7) % len(CONCERNS)]
        also = _pick(f"also{number}", CONCERNS)
        suggestion = SUGGESTIONS[(number * 4) % len(SUGGESTIONS)]
        answer = _pick(f"answer{number}", ANSWERS)
        extra = f" They add: {also[0].lower()}{also[1:]}" if also != concern else ""
        responses.append(
            f"<h3>Response {number}</h3><p><strong>{escape(who)}</strong> writes: "
            f"{escape(concern)}{escape(extra)}</p>"
            f"<p><em>Suggestion:</em> {escape(suggestion)}</p>"
            f"<p><em>Trust's reply:</em> {escape(answer)}</p>"
        )
    return responses


def live_blog_html() -> str:
    """The whole live blog as HTML, about 50 KB."""
    parts = ["<p><strong>Live updates</strong> from the public meeting in the main hall at The Cooper School, Bicester.</p>"]
    for time, text in UPDATES:
        parts.append(f"<h2>{time}</h2><p>{escape(text)}</p>")
    parts.append("<hr/><h2>Summary of written consultation responses (supplied by the trust)</h2>")
    parts.extend(consultation_responses())
    return "\n".join(parts)
