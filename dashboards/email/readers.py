"""Who receives which email, and who may read safeguarding detail.

Digests go to each school's headteacher (one email when a head runs several
schools) and to each trust's ``trust`` contact. Safeguarding detail goes only
to the DSL, and to the head when the school sets
``digest.head_sees_safeguarding``; everyone else learns that a safeguarding
case exists, not what it says. Addresses are compared case-insensitively, and
one address gets one email however many roles it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schoolwatch.config import Config, School


@dataclass
class Reader:
    """One digest recipient: the schools they cover and what they may see."""

    address: str
    schools: list[School] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    trust_names: list[str] = field(default_factory=list)
    # School ids for which this reader sees safeguarding content.
    sees_safeguarding: set[str] = field(default_factory=set)

    @property
    def school_ids(self) -> list[str]:
        return [school.id for school in self.schools]

    def add(self, school: School, role: str, sees_safeguarding: bool) -> None:
        if school.id not in self.school_ids:
            self.schools.append(school)
        if role not in self.roles:
            self.roles.append(role)
        if sees_safeguarding:
            self.sees_safeguarding.add(school.id)


def normalise(address: str) -> str:
    """Addresses compare case-insensitively and without surrounding spaces."""
    return address.strip().lower()


def head_sees_safeguarding(school: School) -> bool:
    """The head sees safeguarding detail if the school allows it or the head is the DSL."""
    head, dsl = normalise(school.contacts.headteacher), normalise(school.contacts.dsl)
    return school.digest.head_sees_safeguarding or (bool(head) and head == dsl)


def digest_readers(config: Config) -> list[Reader]:
    """Everyone who gets a digest, in config order."""
    readers: dict[str, Reader] = {}
    for school in config.schools:
        head = normalise(school.contacts.headteacher)
        if head:
            readers.setdefault(head, Reader(head)).add(
                school, "headteacher", head_sees_safeguarding(school))
    for trust in config.trusts:
        address = normalise(trust.contacts.get("trust", ""))
        if not address:
            continue
        reader = readers.setdefault(address, Reader(address))
        if trust.name not in reader.trust_names:
            reader.trust_names.append(trust.name)
        for school_id in trust.schools:
            reader.add(config.school(school_id), "trust", False)
    return list(readers.values())


def alert_readers(school: School, safeguarding_case: bool) -> list[tuple[str, bool]]:
    """Who is alerted about an urgent case: (address, sees full detail), DSL first.

    For a safeguarding case the head gets the redacted version unless allowed
    to see it; if the school has no DSL address, the head is still told.
    """
    readers: dict[str, bool] = {}
    dsl = normalise(school.contacts.dsl)
    head = normalise(school.contacts.headteacher)
    if dsl:
        readers[dsl] = True
    if head and head not in readers:
        readers[head] = (not safeguarding_case) or head_sees_safeguarding(school)
    return list(readers.items())
