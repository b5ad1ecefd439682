"""A real Chromium over a real server on the seeds: the deal chart and search, end to end.

Screenshots land in test-artifacts/ for a person to look at.
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

from tests.api.builders import build, seed_documents
from tests.conftest import IN_CI, ROOT

pytestmark = pytest.mark.browser
CHROMIUM = Path(os.environ.get("DEALGRAPH_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is absent: install Debian's chromium to run the browser tests"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    db = build(tmp_path_factory.mktemp("browser") / "seeds.db", seed_documents(seeds_dir))
    port = free_port()
    env = {**os.environ, "DEALGRAPH_TOKEN": "", "DEALGRAPH_CLOSE_READS": "false"}
    proc = subprocess.Popen([sys.executable, "-m", "dealgraph", "serve", "--db", db,
                             "--port", str(port)], env=env, cwd=str(ROOT),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # serve loads the models before it listens
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()  # a live server's stderr never ends: stop it before reading
                err = proc.communicate()[1].decode()
                pytest.fail(f"the server did not start: {err[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        tab = browser.new_page(viewport={"width": 1200, "height": 900})
        yield tab
        browser.close()


def test_deal_chart_shows_statuses_in_order_and_links_to_evidence(server: str,
                                                                   page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    deals = httpx.get(server + "/api/deals", params={"investor": "Nvidia", "target": "OpenAI",
                                                     "kind": "investment"}).json()["items"]
    assert deals, "the seeds should yield the Nvidia-OpenAI investment"
    deal = httpx.get(f"{server}/api/deals/{deals[0]['id']}").json()
    expected = [c["status"] for c in deal["claims"]]
    assert len(set(expected)) >= 2, expected

    page.goto(f"{server}/deals/{deal['id']}")
    expect(page.locator("h1")).to_contain_text("Nvidia")
    steps = page.locator("li.step")
    assert [steps.nth(i).get_attribute("data-status") for i in range(steps.count())] == expected
    points = page.locator("#deal-chart svg a.point")
    expect(points.first).to_be_visible()
    assert points.count() >= 2
    page.screenshot(path=str(ARTIFACTS / "deal-nvidia-openai.png"), full_page=True)

    target = deal["claims"][int(points.last.get_attribute("data-index") or 0)]
    points.last.locator("circle").click()
    page.wait_for_url(f"**/documents/{target['document_id']}#claim-*")
    anchor = page.url.split("#", 1)[1]
    sentence = page.locator(f"[id='{anchor}']")
    expect(sentence).to_be_visible()
    assert "claim-sentence" in (sentence.get_attribute("class") or "")
    quoted = page.evaluate("a => { const e = document.getElementById(a);"
                           " return e.textContent || ''; }", anchor)
    assert quoted.strip() == target["quote"].strip()
    page.screenshot(path=str(ARTIFACTS / "evidence-sentence.png"), full_page=False)


def test_search_amazon_reaches_the_amazon_openai_deal(server: str, page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(server + "/")
    page.fill("form.search input[name=q]", "Amazon")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Amazon")
    row = page.locator("table.deals tr", has_text="Amazon").filter(has_text="OpenAI").first
    row.locator("a.deal-link").click()
    expect(page.locator("h1")).to_contain_text("Amazon")
    expect(page.locator("h1")).to_contain_text("OpenAI")
    page.screenshot(path=str(ARTIFACTS / "deal-amazon-openai.png"), full_page=True)
