"""The dashboard in real headless Chromium, against the real server started as a subprocess.

Log in, filter, open a case, dismiss it and watch it leave the inbox, and
check that a hostile post renders as text (no script runs, no element is
injected). Skipped only when /usr/bin/chromium is absent (`make browser`
installs it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.dashboard_seed import PASSWORD, Seeded, seed

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = Path(os.environ.get("SCHOOLWATCH_SCREENSHOTS", "/tmp"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is not installed (run `make browser`)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Seeded]]:
    seeded = seed(tmp_path_factory.mktemp("browser"), fillers=3)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO),
               SCHOOLWATCH_SECRET_KEY="browser-test-secret-key-0123456789abcdef")
    process = subprocess.Popen(
        [sys.executable, "-m", "schoolwatch.cli.main", "serve", "--config",
         str(seeded.config.path), "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/healthz", timeout=1)
            break
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("dashboard did not start: "
                                   + process.stderr.read().decode(errors="replace"))
            time.sleep(0.2)
    yield base, seeded
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run"])
        yield instance
        instance.close()


def test_triage_in_a_real_browser(server, browser):
    base, seeded = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/login")
    page.fill("input[name=username]", "harriet.head")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.locator(".case-row").count() == 5  # abusive, xss, 3 fillers at Beech Hill
    page.screenshot(path=str(SCREENSHOTS / "schoolwatch-inbox.png"), full_page=True)

    # Filter by label: the menu submits itself (app.js); only the abusive cases remain.
    page.select_option("select#label", "names_staff")
    page.wait_for_url("**label=names_staff**")
    assert page.locator(".case-row").count() == 1

    # Open the case: staff name highlighted, source linked safely.
    page.click(".case-row a")
    page.wait_for_url(f"**/cases/{seeded.case_ids['abusive']}")
    staff = page.locator("mark.hl-staff", has_text="Gareth Pennywell")
    assert staff.count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "schoolwatch-case.png"), full_page=True)

    # Dismiss as a false positive with the wrong label; back in the inbox it is gone.
    page.check("#dismiss-form input[value=abusive]")
    page.click("#dismiss-form button[type=submit]")
    page.wait_for_url(f"{base}/?notice=dismissed")
    assert "has left the open inbox" in page.inner_text(".notice")
    assert page.locator(f"a[href='/cases/{seeded.case_ids['abusive']}']").count() == 0
    page.goto(f"{base}/?status=dismissed")
    assert page.locator(f"a[href='/cases/{seeded.case_ids['abusive']}']").count() == 1

    # The hostile post renders as text: no dialog, no injected elements, payloads visible.
    page.goto(f"{base}/cases/{seeded.case_ids['xss']}")
    text = page.inner_text(".post-text")
    assert "<script>alert('xss1')</script>" in text
    assert "<img src=x onerror=alert('xss2')>" in text
    assert page.locator(".post-text script, .post-text img, .post-text iframe, "
                        ".post-text svg, .post-text input, .post-text details").count() == 0
    assert "<script>alert('title')</script>" in page.inner_text(".post-title")
    page.screenshot(path=str(SCREENSHOTS / "schoolwatch-hostile.png"), full_page=True)
    page.wait_for_timeout(300)
    assert dialogs == []
    assert not [e for e in errors if "Content Security Policy" in e]
    page.close()
