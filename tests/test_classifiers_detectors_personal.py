"""Personal-data detectors: phones, emails, addresses and postcodes, number plates."""

from __future__ import annotations

import pytest

from classifiers.detectors import detect, label_hints
from schoolwatch.config import Contacts, School

SCHOOL = School(id="beech-hill", name="Beech Hill Community Primary School",
                aliases=("Beech Hill Primary",), exclude=("Beech Hill Road",),
                contacts=Contacts(office="office@beechhill.example",
                                  headteacher="jane.example@beechhill.example"))


def found(text: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in detect(text, [SCHOOL]) if s.kind in kinds]


PHONE_HITS = [
    ("text 07700900238 if found", "07700900238"),
    ("ring 07700 900461 please", "07700 900461"),
    ("call 07700 900 517", "07700 900 517"),
    ("WhatsApp +44 7700 900 517, ask for Jo", "+44 7700 900 517"),
    ("RSVP on +447700900845 or email", "+447700900845"),
    ("his mobile is +44 (0)7700 900321", "+44 (0)7700 900321"),
    ("message 07700-900-391 to be added", "07700-900-391"),
    ("home number is 0115 496 0732.", "0115 496 0732"),
    ("call 020 7946 0381, ask for Sam", "020 7946 0381"),
    ("ring me on (01632) 960 512 or message", "(01632) 960 512"),
    ("ring 01632 960744 after 6pm", "01632 960744"),
]


@pytest.mark.parametrize(("text", "expected"), PHONE_HITS)
def test_phone_numbers(text: str, expected: str) -> None:
    spans = [s for s in detect(text, [SCHOOL]) if s.kind == "phone"]
    assert [s.text for s in spans] == [expected]
    assert text[spans[0].start:spans[0].end] == expected
    assert label_hints(spans)["personal_data"] >= 0.9


PHONE_NEAR_MISSES = [
    "order number 0770 0900 1234 5, ring the supplier",  # too many digits
    "Order no. 07700900123 still not here",  # a phone-shaped order number
    "Amazon order 114-7700900-5123456 not arrived",
    "ref: 01632960744 on the letter",
    "Police ref 36/8812/24",
    "The Childline number is 0800 1111.",  # a helpline, too short to be a UK number
    "Raised £1,400 in 2019 and 2020",
    "Ofsted URN is 100734",
    "Tickets 0448 and 0449 won",
    "bus 07:45 from the stop",
]


@pytest.mark.parametrize("text", PHONE_NEAR_MISSES)
def test_things_that_look_like_phone_numbers(text: str) -> None:
    assert found(text, ("phone",)) == []


def test_office_number_is_a_school_contact_not_personal_data() -> None:
    text = "Beech Hill office number is 01632 960 100 if anyone needs it"
    spans = detect(text, [SCHOOL])
    assert [(s.kind, s.text) for s in spans] == [("school_contact", "01632 960 100")]
    assert "personal_data" not in label_hints(spans)


EMAIL_HITS = [
    ("email bencastellano.teach@example.com now", "bencastellano.teach@example.com"),
    ("contact kayleigh.ross84@example.co.uk.", "kayleigh.ross84@example.co.uk"),
    ("me: olu.adeyemi.family@example.co.uk (no relation)", "olu.adeyemi.family@example.co.uk"),
]


@pytest.mark.parametrize(("text", "expected"), EMAIL_HITS)
def test_personal_emails(text: str, expected: str) -> None:
    assert found(text, ("email", "school_contact")) == [("email", expected)]


@pytest.mark.parametrize("text", [
    "email admissions@cooper.example with the form",
    "the office is office-north@riverside.example now",
    "write to office@beechhill.example",
    "the head is on jane.example@beechhill.example",  # listed in the school's contacts
])
def test_role_and_listed_mailboxes_are_school_contacts(text: str) -> None:
    assert [k for k, _ in found(text, ("email", "school_contact"))] == ["school_contact"]


ADDRESS_HITS = [
    ("He lives at 14 Larkspur Close, Luton LU4 9XQ. Pop round.",
     "14 Larkspur Close, Luton LU4 9XQ"),
    ("Collection from 27 Kingfisher Road, Swindon SN3 4DT today",
     "27 Kingfisher Road, Swindon SN3 4DT"),
    ("It's at mine, 62 Marsh Road, ring first", "62 Marsh Road"),
    ("2 The Paddocks, Edington BA13 4QR is hers", "2 The Paddocks, Edington BA13 4QR"),
    ("Dominic Yates, 58 Lakeside, Swindon SN3 1QH. Enjoy.", "58 Lakeside, Swindon SN3 1QH"),
    ("Musgrave lives on Cleveland Terrace, number 41, green door",
     "lives on Cleveland Terrace, number 41"),
    ("drop them at 7 Ladywell Mews SE13 or email", "7 Ladywell Mews SE13"),
    ("Flat 2, 19 Pingle Drive is the one", "Flat 2, 19 Pingle Drive"),
]


@pytest.mark.parametrize(("text", "expected"), ADDRESS_HITS)
def test_home_addresses(text: str, expected: str) -> None:
    spans = [s for s in detect(text, [SCHOOL]) if s.kind == "address"]
    assert [s.text for s in spans] == [expected]
    assert label_hints(spans)["personal_data"] >= 0.9


ADDRESS_NEAR_MISSES = [
    "Beech Hill Road is shut again from the roundabout.",
    "Hemingway Road outside the school floods every time.",
    "The 12 bus from DL3 is replaced by the X12.",
    "Stevenage SG1 is getting a new secondary.",
    "Year 6 Pelham Wood Road trip is on Friday.",
    "In 2019 Beech Hill Road was resurfaced.",
    "Book fair in Room 12 from 3:15.",
    "Tyler Mahoney, Year 6, Beech Hill. Remember that name.",
]


@pytest.mark.parametrize("text", ADDRESS_NEAR_MISSES)
def test_places_that_are_not_home_addresses(text: str) -> None:
    assert found(text, ("address", "postcode")) == []


def test_a_full_postcode_alone_is_a_weaker_hit() -> None:
    spans = detect("Lost keys near NR19 1AF yesterday", [SCHOOL])
    assert [(s.kind, s.text) for s in spans] == [("postcode", "NR19 1AF")]
    assert 0.5 <= label_hints(spans)["personal_data"] < 0.9


PLATE_HITS = [
    ("drives the silver Corsa WK68 TXP", "WK68 TXP"),
    ("a black Audi, reg YD19 FNK.", "YD19 FNK"),
    ("Silver Toyota, LB21OWA, idling", "LB21OWA"),
    ("reg yd19 fnk seen again", "yd19 fnk"),
    ("first part of the plate was FN63", "FN63"),
    ("number plate started MF67", "MF67"),
    ("reg A123 BCD, an old Fiesta", "A123 BCD"),
]


@pytest.mark.parametrize(("text", "expected"), PLATE_HITS)
def test_number_plates(text: str, expected: str) -> None:
    assert found(text, ("plate",)) == [("plate", expected)]


PLATE_NEAR_MISSES = [
    "Postcode SG1 3HD for the satnav",  # a postcode, not a plate
    "KS2 SATs results are out",
    "The A10 is closed",
    "Kids in 10F and 11B",
    "Windows 11 PRO edition",
    "the M4 J15 roadworks",
]


@pytest.mark.parametrize("text", PLATE_NEAR_MISSES)
def test_things_that_look_like_plates(text: str) -> None:
    assert found(text, ("plate",)) == []
