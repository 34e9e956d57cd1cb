"""``detect`` and ``label_hints`` as other rooms call them: offsets, overlaps, hints,
hostile and huge text, and rosters compiled once."""

from __future__ import annotations

import pytest

from classifiers.detectors import SPAN_KINDS, detect, label_hints, span_hint
from classifiers.detectors.roster import roster_index
from classifiers.school_corpus import load_posts, load_rosters
from schoolwatch.config import School, StaffMember
from schoolwatch.domain import LABELS, Span

SCHOOL = School(id="beech-hill", name="Beech Hill Community Primary School",
                aliases=("Beech Hill Primary",), exclude=("Beech Hill Road",),
                staff=(StaffMember("Tom Hollis", "Deputy Head"),))


def test_every_span_is_exact_and_ordered_on_the_whole_corpus() -> None:
    rosters = load_rosters()
    kinds: set[str] = set()
    for post in load_posts():
        spans = detect(post.text, rosters)
        for span in spans:
            assert post.text[span.start:span.end] == span.text
            assert span.kind in SPAN_KINDS
            kinds.add(span.kind)
        for left, right in zip(spans, spans[1:], strict=False):
            assert left.end <= right.start  # ordered, never overlapping
    assert {"staff", "staff_unlisted", "pupil", "phone", "email", "address", "plate"} <= kinds


def test_label_hints_take_the_strongest_span_per_label() -> None:
    text = "Tom at Beech Hill Primary is Tom Hollis; ring 07700 900461"
    spans = detect(text, [SCHOOL])
    assert [s.text for s in spans] == ["Tom", "Tom Hollis", "07700 900461"]
    hints = label_hints(spans)
    assert hints == {"names_staff": 0.97, "personal_data": 0.95}
    assert set(hints) <= set(LABELS)
    assert span_hint(spans[0]) == ("names_staff", 0.85)


def test_label_hints_of_nothing_is_empty() -> None:
    assert label_hints([]) == {}
    assert detect("", [SCHOOL]) == []
    assert detect("Lovely harvest festival this morning.", [SCHOOL]) == []


def test_unknown_span_kinds_give_no_hint() -> None:
    assert label_hints([Span("mystery", 0, 1, "x")]) == {}


def test_overlapping_hits_keep_the_stronger_kind() -> None:
    # The email contains a roster surname and the address a street; one span each.
    text = "tom.hollis@example.com lives at 14 Hollis Road"
    spans = detect(text, [SCHOOL])
    assert [(s.kind, s.text) for s in spans] == [("email", "tom.hollis@example.com"),
                                                 ("address", "14 Hollis Road")]


HOSTILE = [
    '<script>alert("Mr Hollis")</script><img src=x onerror=alert(1)>',
    "Mr Hollis \ud800 07700 900461",  # a lone surrogate, as stored verbatim
    "Mr\x00Hollis\x00 07700\x00900461",
    "ＭＲ ＨＯＬＬＩＳ 𝐓𝐨𝐦 🤡🤡🤡 \u202eRTL override\u202c",
    "a" * 20000 + "@",
    "a@" + "b." * 20000,
    "Aa" * 40000,
    "(0" * 20000,
    "0 " * 40000,
    "boy " + ", " * 40000,
    "1 " + "Road " * 20000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_handled(text: str) -> None:
    spans = detect(text, [SCHOOL])
    for span in spans:
        assert text[span.start:span.end] == span.text
    label_hints(spans)


def test_html_does_not_hide_a_name_or_invent_one() -> None:
    spans = detect('<b>Mr Hollis</b> said <a href="http://x.example/Hollis">this</a>', [SCHOOL])
    assert [(s.kind, s.text) for s in spans] == [("staff", "Mr Hollis")]


def test_huge_post_finds_every_hit() -> None:
    unit = "Mr Hollis rang 07700 900461 about my son Alfie in Year 4. "
    text = unit * 3000  # about 180 KB
    spans = detect(text, [SCHOOL])
    assert len(spans) == 3 * 3000
    assert spans[-1].text == "Alfie" and text[spans[-1].start:spans[-1].end] == "Alfie"


def test_rosters_are_compiled_once_per_set_of_schools() -> None:
    rosters = load_rosters()
    first = roster_index(rosters)
    assert roster_index(list(rosters)) is first  # same schools, another list
    assert roster_index(rosters[:1]) is not first
    assert roster_index(None).staff == ()


def test_detect_is_deterministic() -> None:
    text = "Mrs Penrose and Mr Hollis; my daughter Maisie, 9, at 4 Orchard Close; WK68 TXP"
    rosters = load_rosters()
    assert detect(text, rosters) == detect(text, rosters)
