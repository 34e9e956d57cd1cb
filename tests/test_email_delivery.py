"""Delivery over a real SMTP server: never twice, never lost, clear about failures."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest

from dashboards.notify import run_notify
from tests.email_support import Sink, free_port, later, make_config, seed_case, smtp_server
from warehouse import Warehouse, outbox

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def env(tmp_path):
    port = free_port()
    config = make_config(tmp_path, port)
    wh = Warehouse(config.warehouse_path)
    seed_case(wh, "beech-hill", "I know where that teacher parks. Watch out.",
              labels=["threat"], action="escalate_police", severity=4)
    seed_case(wh, "riverside-north", "Riverside North never answers the phone",
              labels=["criticism"])
    return config, wh, port


def rows(wh):
    with wh.read() as con:
        return {r["message_id"]: r for r in outbox.list_messages(con)}


def ids_received(sink):
    return [m["Message-ID"] for m in sink.messages]


def test_second_run_sends_nothing_again(env):
    config, wh, port = env
    now = later()
    with smtp_server(port) as sink:
        first = run_notify(config, wh, send=True, now=now)
        count = len(sink.envelopes)
        second = run_notify(config, wh, send=True, now=now + timedelta(hours=2))
    # 2 alerts (DSL + head) and 3 digests: Beech Hill's head, the Riverside head
    # (both schools, one email), the federation; Bratton is quiet and opted out.
    assert first["queued"] == first["sent"] == count == 5
    assert second["queued"] == second["sent"] == 0
    assert len(sink.envelopes) == count
    assert len(set(ids_received(sink))) == count
    assert {r["status"] for r in rows(wh).values()} == {"sent"}


def test_queued_while_server_is_down_then_sent_when_it_is_back(env):
    config, wh, port = env
    now = later()
    down = run_notify(config, wh, send=True, now=now)  # nothing listens on the port yet
    assert down["sent"] == 0 and down["queued"] == down["pending"] == 5
    assert any("Could not reach the mail server 127.0.0.1" in e for e in down["errors"])
    assert any("stay queued and will be retried" in e for e in down["errors"])
    stored = rows(wh)
    assert {r["status"] for r in stored.values()} == {"queued"}
    assert {r["attempts"] for r in stored.values()} == {1}
    assert all("Could not reach" in r["last_error"] for r in stored.values())

    with smtp_server(port) as sink:
        back = run_notify(config, wh, send=True, now=now + timedelta(minutes=30))
    assert back["sent"] == 5 and back["pending"] == 0 and back["errors"] == []
    assert len(sink.envelopes) == 5
    stored = rows(wh)
    assert {r["status"] for r in stored.values()} == {"sent"}
    assert {r["attempts"] for r in stored.values()} == {2}
    assert all(r["last_error"] is None for r in stored.values())


CRASH_SCRIPT = """
import os, signal, sys
from datetime import datetime
from pathlib import Path
from dashboards.notify import run_notify
from tests.email_support import make_config
from warehouse import Warehouse, outbox

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)  # the process dies: no cleanup, no mark

outbox.mark_sent = die
tmp, port, now = Path(sys.argv[1]), int(sys.argv[2]), datetime.fromisoformat(sys.argv[3])
config = make_config(tmp, port)
run_notify(config, Warehouse(config.warehouse_path), send=True, now=now)
"""


def test_crash_between_send_and_mark_never_sends_twice(env, tmp_path):
    config, wh, port = env
    now = later()
    with smtp_server(port) as sink:
        # A separate process hands one message to the server, then is killed
        # before it can record that it was sent.
        crashed = subprocess.run(
            [sys.executable, "-c", CRASH_SCRIPT, str(tmp_path), str(port), now.isoformat()],
            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
            timeout=120, check=False)
        assert crashed.returncode == -signal.SIGKILL, crashed.stderr.decode()
        assert len(sink.envelopes) == 1
        (delivered_id,) = ids_received(sink)
        stuck = [r for r in rows(wh).values() if r["status"] == "sending"]
        assert len(stuck) == 1 and stuck[0]["attempts"] == 1

        # Soon after: the stuck row may still belong to a live run; it is left alone.
        soon = run_notify(config, wh, send=True, now=now + timedelta(minutes=2))
        assert soon["interrupted"] == 0 and soon["sent"] == 4
        # Later: it is resolved as unconfirmed, and still not sent again.
        after = run_notify(config, wh, send=True, now=now + timedelta(minutes=15))
        assert after["interrupted"] == 1 and after["sent"] == 0

    received = ids_received(sink)
    assert len(received) == 5 and len(set(received)) == 5  # every message once, none twice
    assert received.count(delivered_id) == 1
    final = rows(wh)
    (unconfirmed,) = [r for r in final.values() if r["status"] == "unconfirmed"]
    assert unconfirmed["message_id"] == stuck[0]["message_id"]
    assert "not sent again" in unconfirmed["last_error"]


class RefusingSink(Sink):
    """Refuses one address for good (550), as a server does for a mailbox that does not exist."""

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address == "federation@riverside.example":
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_permanent_refusal_fails_that_message_only(env):
    config, wh, port = env
    with smtp_server(port, RefusingSink()) as sink:
        result = run_notify(config, wh, send=True, now=later())
        again = run_notify(config, wh, send=True, now=later(60))
    assert result["failed"] == 1 and result["sent"] == 4 and result["pending"] == 0
    assert again["sent"] == again["failed"] == 0  # a failed message is not retried
    (failed,) = [r for r in rows(wh).values() if r["status"] == "failed"]
    assert failed["recipient"] == "federation@riverside.example"
    assert "refused the address" in failed["last_error"] and "550" in failed["last_error"]
    assert len(sink.envelopes) == 4


class HangUpAfterDataSink(Sink):
    """Takes the message, then drops the connection before confirming it."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.envelopes.append(envelope)
        server.transport.close()
        return "250 OK"


def test_connection_lost_after_the_message_is_unconfirmed_not_resent(env):
    config, wh, port = env
    now = later()
    with smtp_server(port, HangUpAfterDataSink()) as sink:
        result = run_notify(config, wh, send=True, now=now)
    assert result["unconfirmed"] == 1 and result["sent"] == 0
    assert len(sink.envelopes) == 1
    assert result["pending"] == 4  # the rest wait for the next run
    with smtp_server(port) as healthy:
        later_run = run_notify(config, wh, send=True, now=now + timedelta(minutes=30))
    assert later_run["sent"] == 4
    assert sink.messages[0]["Message-ID"] not in ids_received(healthy)


def test_dry_run_writes_eml_files_that_send_unchanged_later(env, tmp_path):
    config, wh, port = env
    out = tmp_path / "preview"
    now = later()
    preview = run_notify(config, wh, send=False, out_dir=out, now=now)
    files = sorted(out.glob("*.eml"))
    assert preview["written"] == len(files) == 5 and preview["sent"] == 0
    written = {email.message_from_bytes(f.read_bytes(), policy=policy.default)["Message-ID"]
               for f in files}
    assert {r["status"] for r in rows(wh).values()} == {"queued"}
    with smtp_server(port) as sink:
        sent = run_notify(config, wh, send=True, now=now + timedelta(minutes=5))
    assert sent["queued"] == 0 and sent["sent"] == 5
    assert set(ids_received(sink)) == written


def test_send_without_smtp_settings_explains_what_to_do(env):
    from dataclasses import replace

    from dashboards.email.delivery import MailServerError

    config, wh, _ = env
    with pytest.raises(MailServerError, match=r"no \[smtp\] section"):
        run_notify(replace(config, smtp=None), wh, send=True, now=later())
