"""Staff detectors: roster names, unlisted staff and roles, each with hits and near misses."""

from __future__ import annotations

import pytest

from classifiers.detectors import detect, label_hints
from schoolwatch.config import School, StaffMember

BEECH_HILL = School(
    id="beech-hill", name="Beech Hill Community Primary School",
    aliases=("Beech Hill Primary", "Beech Hill school"),
    exclude=("Beech Hill Road", "Beech Hill Farm"),
    staff=(StaffMember("Jane Example", "Headteacher"), StaffMember("Tom Hollis", "Deputy Head"),
           StaffMember("Priya Marchbank", "DSL"), StaffMember("Gareth Pennywell", "Year 4")),
)
ST_STEPHENS = School(
    id="st-stephens", name="St Stephens Community Academy",
    aliases=("St Stephen's Academy", "St Stephens school"),
    staff=(StaffMember("Kerensa Polglase", "Headteacher"), StaffMember("Mark Tregenna", "DSL"),
           StaffMember("Amy Penrose", "Year 6 teacher")),
)
PELHAM_WOOD = School(
    id="pelham-wood", name="Pelham Wood Primary School", aliases=("Pelham Wood Primary",),
    staff=(StaffMember("Will Ashdown", "Year 3 teacher"), StaffMember("Grace Whitlow", "DSL")),
)
BRATTON = School(
    id="bratton", name="Bratton Primary School", aliases=("Bratton Primary",),
    staff=(StaffMember("Colin Marsh", "DSL"), StaffMember("Bethan Rhys-Corbett", "Maths")),
)
MARLOWE = School(
    id="marlowe-fields", name="Marlowe Fields Academy",
    staff=(StaffMember("Anthony Bexley", "Principal"),),
)
SCHOOLS = (BEECH_HILL, ST_STEPHENS, PELHAM_WOOD, BRATTON, MARLOWE)


def staff_spans(text: str, schools=SCHOOLS) -> list[tuple[str, str]]:
    """(kind, text) of the staff-type spans in ``text``."""
    return [(s.kind, s.text) for s in detect(text, schools) if s.kind.startswith("staff")]


ROSTER_HITS = [
    # text, expected span text, evidence
    ("Tom Hollis never replies to emails.", "Tom Hollis", "full name"),
    ("tom hollis never replies", "tom hollis", "full name"),
    ("Thanks to Mr Hollis for the trip!", "Mr Hollis", "honorific and surname"),
    ("Thanks to Mr. Hollis for the trip!", "Mr. Hollis", "honorific and surname"),
    ("mr hollis is great", "mr hollis", "honorific and surname"),
    ("Mrs Penrose ran the residential.", "Mrs Penrose", "honorific and surname"),
    ("Miss Penrose ran the residential.", "Miss Penrose", "honorific and surname"),
    ("Ms Penrose ran the residential.", "Ms Penrose", "honorific and surname"),
    ("Dr Marchbank spoke at the meeting.", "Dr Marchbank", "honorific and surname"),
    ("Hollis's reply was rude.", "Hollis", "surname"),
    ("I emailed Mr Hollis's office.", "Mr Hollis", "honorific and surname"),
    ("Polglases secretary fobbed me off.", "Polglases", "surname"),
    ("Mr Holis never replied.", "Mr Holis", "honorific and misspelt surname"),
    ("Mr Pennywel's class is chaos.", "Mr Pennywel", "honorific and misspelt surname"),
    ("Mrs Marchbanks rang me.", "Mrs Marchbanks", "honorific and surname"),
    ("Gareth Penywell sets no homework.", "Gareth Penywell", "full name, misspelt"),
    ("Mrs Pen rose's seating plan is odd.", "Mrs Pen rose", "honorific and surname"),
    ("Miss Rhys Corbett runs revision.", "Miss Rhys Corbett", "honorific and surname"),
    ("Bethan Rhys-Corbett runs revision.", "Bethan Rhys-Corbett", "full name"),
    ("Principal Polglase wrote to us.", "Principal Polglase", "honorific and surname"),
    ("Miss Amy at St Stephens is lovely.", "Miss Amy", "honorific and first name"),
    ("Tom at Beech Hill school sorted it out.", "Tom", "first name with school context"),
    ("My son is in Will's class at Pelham Wood Primary.", "Will",
     "first name with school context"),
    ("Mrs Example replied within the hour.", "Mrs Example", "honorific and surname"),
    ("Jane Example replied within the hour.", "Jane Example", "full name"),
]


@pytest.mark.parametrize(("text", "expected", "evidence"), ROSTER_HITS)
def test_roster_staff_found_with_exact_span(text: str, expected: str, evidence: str) -> None:
    spans = [s for s in detect(text, SCHOOLS) if s.kind == "staff"]
    assert [s.text for s in spans] == [expected]
    span = spans[0]
    assert text[span.start:span.end] == expected
    assert span.detail.endswith(f"[{evidence}]")
    assert label_hints(spans)["names_staff"] >= 0.85


ROSTER_NEAR_MISSES = [
    "Beech Hill Road is shut again from the roundabout.",
    "Mark my words, it'll snow by February.",
    "Mark my words, St Stephens will close that car park.",
    "Will you be at the fair on Saturday?",
    "Will Pelham Wood Primary be open on election day?",
    "Grace periods for applications end on Friday.",
    "Found a scooter, it's at 62 Marsh Road.",
    "Collect from Marsh Road after six.",
    "Email olu.adeyemi.family@example.com about the nanny share.",
    "For example, the lunches are tiny.",
    "The traffic on Leagrave High Street was awful.",
    "My son Tom loves Beech Hill school.",  # a child called Tom, not the deputy head
    "Tom picked the kids up today.",  # no school named: not the deputy head
    "Polglase & Son Motors on Western Road.",
]


@pytest.mark.parametrize("text", ROSTER_NEAR_MISSES)
def test_roster_near_misses_are_not_staff(text: str) -> None:
    assert [s for s in detect(text, SCHOOLS) if s.kind == "staff"] == []


def test_a_verb_before_a_surname_is_not_a_first_name() -> None:
    # "Hope" is the verb; Bexley (the principal) is named by surname alone.
    assert staff_spans("Hope Bexley gets what's coming to him.") == [("staff", "Bexley")]


def test_a_surname_after_a_place_preposition_is_a_place() -> None:
    assert staff_spans("We used to live in Bexley.") == []
    assert staff_spans("The bus goes via Bexley.") == []
    assert staff_spans("Bexley Council fixed the road.") == []


def test_first_name_needs_the_staff_members_school() -> None:
    # Amy Penrose works at St Stephens: "Amy" in a post about Beech Hill is someone else.
    assert staff_spans("Amy at Beech Hill school is lovely.") == []
    assert staff_spans("Amy at St Stephens school is lovely.") == [("staff", "Amy")]


def test_a_role_next_to_a_first_name_is_enough_context() -> None:
    assert staff_spans("Gareth the Year 4 teacher is brilliant.") == [("staff", "Gareth")]


def test_a_single_watched_school_makes_its_first_names_count() -> None:
    assert staff_spans("Amy is the best teacher ever", [ST_STEPHENS]) == [("staff", "Amy")]


def test_honorific_and_initial_resolves_to_the_roster() -> None:
    spans = [s for s in detect("Mrs P at St Stephens rang me back.", SCHOOLS)
             if s.kind == "staff"]
    assert [s.text for s in spans] == ["Mrs P"]
    assert "Amy Penrose" in spans[0].detail and "Kerensa Polglase" in spans[0].detail


def test_no_rosters_still_finds_honorific_and_surname() -> None:
    spans = detect("Mr Hollis shouted at my son.", None)
    assert [(s.kind, s.text) for s in spans] == [("staff_unlisted", "Mr Hollis")]


UNLISTED_HITS = [
    ("Miss Jenkins the supply teacher is epic.", "Miss Jenkins"),
    ("Mr Draycott at the Cooper School was let go.", "Mr Draycott"),
    ("Ask Mrs O'Rourke in the office.", "Mrs O'Rourke"),
    ("Mrs Brown teaches Year 2.", "Mrs Brown"),
    ("Mr B is leaving at Easter.", "Mr B"),
    ("Mr Pilkington or whatever his name is", "Mr Pilkington"),
]


@pytest.mark.parametrize(("text", "expected"), UNLISTED_HITS)
def test_unlisted_staff(text: str, expected: str) -> None:
    assert staff_spans(text) == [("staff_unlisted", expected)]


UNLISTED_NEAR_MISSES = [
    "My son loves Mr Bean.",
    "Dr Martens are not allowed with the uniform.",
    "Mr and Mrs Smith came to the fair.",
    "Little Miss Sunshine was the school film.",
    "The Mr Men books are in the library.",
    "mr nobody knows",
    "Watching Mrs Brown's Boys with the kids, oops.",
    "Mr President, please help our schools.",
    "She was Miss England in 1995.",
]


@pytest.mark.parametrize("text", UNLISTED_NEAR_MISSES)
def test_unlisted_near_misses(text: str) -> None:
    assert staff_spans(text) == []


ROLE_HITS = [
    ("The head of Beech Hill is a thief.", "The head of Beech Hill"),
    ("Someone should sack the St Stephens school head.", "St Stephens school head"),
    ("Bratton Primary's new headteacher has made poor calls.",
     "Bratton Primary's new headteacher"),
    ("the DSL at Pelham Wood Primary ignored me", "the DSL at Pelham Wood Primary"),
    ("Beech Hill's head of year 6 is leaving", "Beech Hill's head of year 6"),
]


@pytest.mark.parametrize(("text", "expected"), ROLE_HITS)
def test_roles_tied_to_a_named_school(text: str, expected: str) -> None:
    assert staff_spans(text) == [("staff_role", expected)]


ROLE_NEAR_MISSES = [
    "The head never answers emails.",  # no school in the phrase
    "Beech Hill head lice letter again.",
    "Beech Hill Road head office is moving.",
    "I told the head about Beech Hill's parking.",
]


@pytest.mark.parametrize("text", ROLE_NEAR_MISSES)
def test_role_near_misses(text: str) -> None:
    assert staff_spans(text) == []


def test_roster_name_beats_unlisted_on_the_same_words() -> None:
    assert staff_spans("Mr Hollis again!") == [("staff", "Mr Hollis")]
