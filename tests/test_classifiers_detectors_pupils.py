"""Pupil detector: children's names in context, and names that are not children's."""

from __future__ import annotations

import pytest

from classifiers.detectors import detect, label_hints
from schoolwatch.config import School, StaffMember

SCHOOL = School(
    id="beech-hill", name="Beech Hill Community Primary School",
    aliases=("Beech Hill Primary", "Beech Hill school"),
    staff=(StaffMember("Tom Hollis", "Deputy Head"), StaffMember("Gareth Pennywell", "Year 4"),
           StaffMember("Priya Marchbank", "DSL")),
)


def pupils(text: str) -> list[str]:
    return [s.text for s in detect(text, [SCHOOL]) if s.kind == "pupil"]


HITS = [
    ("So proud of my daughter Maisie today", ["Maisie"]),
    ("my son's friend Musa has no coat", ["Musa"]),
    ("My daughter's best friend Scarlett has stopped eating", ["Scarlett"]),
    ("Our twins Finn and Rosie start in January", ["Finn", "Rosie"]),
    ("My son Ibrahim and his friend Leo raised £86", ["Ibrahim", "Leo"]),
    ("Jayden Cole in Year 9 is punching kids", ["Jayden Cole"]),
    ("Kai Robson in 10F vapes in the toilets", ["Kai Robson"]),
    ("Big congrats to Aliyah in 4P!", ["Aliyah"]),
    ("Dexter (Year 7) won the poetry prize", ["Dexter"]),
    ("Well done to Noah and Zainab from Year 4", ["Zainab", "Noah"]),
    ("Harley in Year 5 keeps pushing her", ["Harley"]),
    ("Tyler Mahoney, Year 6, Beech Hill. Remember that name.", ["Tyler Mahoney"]),
    ("Reece Lowther, 12, hasn't come home since school", ["Reece Lowther"]),
    ("Happy birthday Lyla! 8 today!", ["Lyla"]),
    ("My daughter Ruby, 9, is a bridesmaid", ["Ruby"]),
    ("a girl called Priya on the first day", ["Priya"]),
    ("little Sami from Riverside said a man offered sweets", ["Sami"]),
    ("Can Bella's mum message me please?", ["Bella"]),
    ("Tell Logan Hocking's parents what he did", ["Logan Hocking"]),
    ("A Year 5 boy at Pelham Wood, Kian, told my son about a knife", ["Kian"]),
    ("Charlie Fuller is a nasty little bully", ["Charlie Fuller"]),
    ("Name inside: Amara Okonkwo, Riverside South", ["Amara Okonkwo"]),
    ("Our Evie (Year 4) got a certificate", ["Evie"]),
    ("my son Will got into the team", ["Will"]),  # a word-like name, but plainly a child
    ("I'm Sam, mum to Oakley who's in Hedgehogs", ["Oakley"]),
]


@pytest.mark.parametrize(("text", "expected"), HITS)
def test_children_named_in_context(text: str, expected: list[str]) -> None:
    spans = [s for s in detect(text, [SCHOOL]) if s.kind == "pupil"]
    assert sorted(s.text for s in spans) == sorted(expected)
    for span in spans:
        assert text[span.start:span.end] == span.text
    assert label_hints(spans)["identifies_pupil"] >= 0.75


NEAR_MISSES = [
    "My son is in Year 4 and loves it.",  # no name
    "The kids in Year 6 did a great job.",
    "Damn, Year 6 leavers assemblies hit different.",
    "Half of Year 6's pieces are her work.",
    "Detentions in Reception? Come on.",
    "Mr Pennywell in Year 4 is brilliant.",  # a teacher, not a child
    "Gareth Pennywell (Year 4 teacher) is great.",
    "Tom Hollis's wife was at the fair.",
    "Our dog Biscuit ate the homework.",
    "My Amazon order hasn't come.",
    "My son went as Harry Potter.",
    "Shout out to Mr Hollis and the Year 5 team.",
    "Beech Hill Primary in Year 6 SATs did well.",
    "The 2019 results were in the paper.",
    "They don't respect our Constitution. It is sacred.",  # no child anywhere
    "I saw my Oncologist, she was kind.",
    "And My Nephew Is Over There!",  # title case, not a name
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_names_that_are_not_children(text: str) -> None:
    assert pupils(text) == []


def test_pupils_are_found_without_any_roster() -> None:
    assert [s.text for s in detect("my daughter Maisie got star of the week", None)] == [
        "Maisie"]
