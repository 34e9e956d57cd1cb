"""What each role sees and may do: office, headteacher, dsl, trust."""

from __future__ import annotations

from tests import dashboard_fixtures
from tests.dashboard_fixtures import decide, login

seeded = dashboard_fixtures.seeded
client = dashboard_fixtures.client

PUPIL = "Lily Example-Pupil"


def test_office_sees_only_that_a_safeguarding_case_exists(client, seeded):
    login(client, "olive.office")
    case_id = seeded.case_ids["safeguarding"]
    inbox = client.get("/").text
    assert f"/cases/{case_id}" in inbox
    assert "only the Designated Safeguarding Lead" in inbox
    assert PUPIL not in inbox and "07700" not in inbox
    row = inbox[inbox.index(f"/cases/{case_id}"):]
    row = row[:row.index("</li>")]
    assert "badge sev-" not in row, "not even the severity of a restricted case is shown"
    page = client.get(f"/cases/{case_id}").text
    assert "A safeguarding case exists" in page
    assert PUPIL not in page and "worried_neighbour" not in page and "Safeguarding</span>" \
        not in page
    assert 'name="decision"' not in page
    assert decide(client, case_id, "dismiss").status_code == 403
    # Searching cannot be used to probe a safeguarding case's content.
    assert f"/cases/{case_id}" not in client.get("/?q=Lily").text
    assert f"/cases/{case_id}" not in client.get("/?label=safeguarding").text


def test_office_can_triage_ordinary_cases_of_their_schools_only(client, seeded):
    login(client, "olive.office")
    assert decide(client, seeded.case_ids["abusive"], "confirm").status_code == 303
    assert client.get(f"/cases/{seeded.case_ids['criticism']}").status_code == 404
    assert f"/cases/{seeded.case_ids['criticism']}" not in client.get("/").text
    assert decide(client, seeded.case_ids["criticism"], "confirm").status_code == 404


def test_dsl_sees_safeguarding_details(client, seeded):
    login(client, "dara.dsl")
    case_id = seeded.case_ids["safeguarding"]
    page = client.get(f"/cases/{case_id}").text
    assert f'<mark class="hl hl-pupil" title="Pupil">{PUPIL}</mark>' in page
    assert f"/cases/{case_id}" in client.get("/?q=Lily").text
    assert decide(client, case_id, "confirm").status_code == 303


def test_headteacher_sees_everything_for_their_school_only(client, seeded):
    login(client, "harriet.head")
    inbox = client.get("/").text
    assert f"/cases/{seeded.case_ids['abusive']}" in inbox
    assert f"/cases/{seeded.case_ids['threat']}" not in inbox  # another school
    assert client.get(f"/cases/{seeded.case_ids['threat']}").status_code == 404


def test_trust_staff_read_and_add_notes_but_do_not_decide(client, seeded):
    login(client, "trudy.trust")
    threat = seeded.case_ids["threat"]
    page = client.get(f"/cases/{threat}").text
    assert "make them pay" in page
    assert 'value="note"' in page and 'value="dismiss"' not in page
    assert decide(client, threat, "dismiss").status_code == 403
    assert decide(client, threat, "note", note="Discussed at trust level").status_code == 303
    assert "Discussed at trust level" in client.get(f"/cases/{threat}").text
    safeguarding = client.get(f"/cases/{seeded.case_ids['safeguarding']}").text
    assert PUPIL not in safeguarding  # trust staff do not see safeguarding details


def test_overview_hides_safeguarding_label_counts_from_office(client, seeded):
    login(client, "olive.office")
    page = client.get("/overview").text
    assert "Safeguarding" not in page and "Identifies a pupil" not in page
