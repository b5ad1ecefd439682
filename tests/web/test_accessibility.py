"""axe-core in a real Chromium on every page template, wide and narrow: no serious or
critical violation; a screenshot of each page at each width is kept in test-artifacts/.

axe-core is installed by ``make browser`` from ``tests/web/package-lock.json`` into
``tests/web/node_modules`` (never committed) and injected into each page from there.
The server is the real application under uvicorn on a loopback port, over the
hand-built ledger of the API tests (hostile titles and all).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dealgraph.config import Settings
from tests.conftest import IN_CI, ROOT
from tests.web.test_browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "accessibility"
#: One URL per page template (the error page too), in both interface languages.
PAGES = {
    "home": "/",
    "deals": "/deals?sort=amount",
    "deal": "/deals/1",
    "document": "/documents/1",
    "org": "/orgs/Nvidia",
    "graph": "/graph?org=Nvidia",
    "search": "/search?q=Nvidia",
    "docs": "/docs",
    "error": "/deals/999999",
}
WIDTHS = (1400, 390)


def _missing(message: str) -> None:
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def base(hand_db: str) -> Iterator[str]:
    import uvicorn

    from dealgraph.serve.app import create_app

    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is absent: install Debian's chromium (make browser)")
    if not AXE.exists():
        _missing("axe-core is not installed: run make browser (npm ci in tests/web)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(Settings(db=hand_db))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 300  # the app may load the models before it listens
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(base: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violation(base: str, browser: object, name: str, width: int,
                                            lang: str) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=lang,
                                  extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    try:
        page.goto(base + PAGES[name])
        assert page.locator("html").get_attribute("lang") == lang
        page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the CSP forbids inline ones
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}-{width}.png"), full_page=True)
        bad = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:5])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], bad
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow}px wider than a {width}px screen"
    finally:
        context.close()


def test_the_skip_link_is_first_and_takes_the_keyboard_to_the_content(base: str,
                                                                       browser: object) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        page.goto(base + "/deals/1")
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.className,"
                                " getComputedStyle(document.activeElement).top]")
        assert focused[0] == "skip" and focused[1] != "-48px"
        page.keyboard.press("Enter")
        page.wait_for_url("**#content", timeout=10_000)  # fails if Enter does not follow it
        assert page.url.endswith("#content")
        ring = page.evaluate("() => { const a = document.querySelector('main a');"
                             " a.focus(); return getComputedStyle(a).outlineStyle; }")
        assert ring != "none"
    finally:
        context.close()
