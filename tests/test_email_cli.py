"""``schoolwatch digest`` end to end: preview files, then STARTTLS + login from the environment."""

from __future__ import annotations

import email
import shutil
import ssl
import subprocess
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from schoolwatch.cli.main import main
from tests.email_support import Sink, free_port, seed_case
from warehouse import Warehouse, outbox

CONFIG = """
[warehouse]
path = "sw.duckdb"

[dashboard]
base_url = "https://watch.trust.example"

[[school]]
id = "beech-hill"
name = "Beech Hill Community Primary School"
contacts = {{ headteacher = "head@beechhill.example", dsl = "dsl@beechhill.example" }}

[smtp]
host = "127.0.0.1"
port = {port}
starttls = true
sender = "schoolwatch@trust.example"
timeout_seconds = 10
"""


@pytest.fixture
def setup(tmp_path):
    port = free_port()
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(port=port), encoding="utf-8")
    path.chmod(0o600)
    wh = Warehouse(tmp_path / "sw.duckdb")
    seed_case(wh, "beech-hill", "Beech Hill <b>staff</b> are a disgrace", labels=["abusive"],
              action="request_removal", severity=2)
    return path, port, wh


def test_preview_writes_eml_files_and_sends_nothing(setup, tmp_path, capsys):
    path, _, wh = setup
    out = tmp_path / "preview"
    assert main(["digest", "--config", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Nothing was emailed" in printed and "Wrote 1 .eml file(s)" in printed
    (eml,) = out.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "head@beechhill.example"
    assert message["Subject"] == "Beech Hill: 1 new"
    assert "&lt;b&gt;staff&lt;/b&gt;" in message.get_body(("html",)).get_content()
    with wh.read() as con:
        assert outbox.status_counts(con) == {"queued": 1}


def test_previewing_another_day_queues_nothing_to_send(setup, tmp_path, capsys):
    from datetime import date, timedelta

    path, _, wh = setup
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    out = tmp_path / "look-back"
    assert main(["digest", "--config", str(path), "--out", str(out), "--date", yesterday]) == 0
    printed = capsys.readouterr().out
    assert "written for reading only" in printed
    assert [p.name for p in out.glob("digest-*.eml")] == [
        f"digest-{yesterday}-head_beechhill.example.eml"]
    with wh.read() as con:
        queued = [row["message_id"] for row in outbox.queued(con)]
    assert not [key for key in queued if key.startswith("digest:")]  # nothing a --send would mail


def test_bad_date_is_explained(setup, capsys):
    path, _, _ = setup
    with pytest.raises(SystemExit):
        main(["digest", "--config", str(path), "--date", "14/05/2024"])
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


def _self_signed_certificate(directory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60)
    return cert, key


def test_send_uses_starttls_and_the_login_from_the_environment(setup, tmp_path, monkeypatch,
                                                               capsys):
    path, port, wh = setup
    cert, key = _self_signed_certificate(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        logins.append((bytes(auth_data.login), bytes(auth_data.password)))
        ok = (bytes(auth_data.login) == b"office-mailer"
              and bytes(auth_data.password) == b"s3cret-from-env")
        return AuthResult(success=ok, handled=False)  # handled=False: the server replies 535

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port, tls_context=tls,
                            require_starttls=True, authenticator=authenticator,
                            auth_required=True)
    controller.start()
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate
        monkeypatch.setenv("SCHOOLWATCH_SMTP_USERNAME", "office-mailer")
        monkeypatch.setenv("SCHOOLWATCH_SMTP_PASSWORD", "wrong")
        assert main(["digest", "--config", str(path), "--send"]) == 1
        assert "refused the login" in capsys.readouterr().out
        assert sink.envelopes == []

        monkeypatch.setenv("SCHOOLWATCH_SMTP_PASSWORD", "s3cret-from-env")
        assert main(["digest", "--config", str(path), "--send"]) == 0
        assert "Sent 1; 0 still waiting" in capsys.readouterr().out
    finally:
        controller.stop()
    (envelope,) = sink.envelopes
    assert envelope.rcpt_tos == ["head@beechhill.example"]
    assert logins[-1] == (b"office-mailer", b"s3cret-from-env")
    with wh.read() as con:
        (row,) = outbox.list_messages(con)
    assert row["status"] == "sent" and row["attempts"] == 2


def test_summary_counts_urgent_alerts_and_dsl_notices_apart(tmp_path) -> None:
    from schoolwatch.cli.digest import summary
    result = {"alerts": 5, "notices": 2, "digests": 3, "quiet_skipped": 0, "held": 0,
              "failed": 0, "written": 8, "pending": 8, "sent": 0, "retry_later": 0,
              "unconfirmed": 0, "interrupted": 0, "errors": []}
    text = summary(result, send=False, out_dir=tmp_path)
    assert text.splitlines()[0] == ("Prepared 8 new email(s): 3 urgent alert(s), "
                                    "2 DSL notice(s) and 3 digest(s).")
