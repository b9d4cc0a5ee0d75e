"""The page in a real browser: headless Chromium driven by Playwright for Python.

Chromium is the Debian package (``/usr/bin/chromium``); no browser is ever downloaded.
axe-core (npm) checks accessibility, printing gives A4 pages, and the hostile meeting runs
no script and makes no request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from kommunchef_html import exporter
from pytest_kommunchef import require_client, skip_or_fail

import kommunchef
from kommunchef.model import Meeting
from kommunchef.testing import hostile_meeting

pytestmark = pytest.mark.client

REPOSITORY = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((REPOSITORY / "examples").glob("*.json"))
SEED = REPOSITORY / "examples" / "kcg-2021-10-08.json"
AXE = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
A4_POINTS = (595.28, 841.89)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole module."""
    executable = require_client(CHROMIUM, "Debian package chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def page_file(tmp_path: Path, meeting: Meeting, name: str, **options: str) -> str:
    path = tmp_path / f"{name}.html"
    path.write_bytes(exporter.export(meeting, **options))
    return path.as_uri()


def run_axe(page: Any) -> dict[str, Any]:
    if not AXE.is_file():
        skip_or_fail(f"{AXE} is missing: run 'npm install' in {REPOSITORY}")
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return result


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']}: {v['help']} at {[node['target'] for node in v['nodes']][:5]}"
        for v in violations
    )


def media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


def assert_a4(pdf: bytes) -> int:
    assert pdf.startswith(b"%PDF-")
    sizes = media_boxes(pdf)
    assert sizes, "the PDF has no page"
    for width, height in sizes:
        assert abs(width - A4_POINTS[0]) < 2, sizes
        assert abs(height - A4_POINTS[1]) < 2, sizes
    return len(sizes)


MEETINGS: list[tuple[str, Callable[[], Meeting]]] = [
    (path.stem, partial(kommunchef.load, path)) for path in EXAMPLES
] + [("hostile", hostile_meeting)]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("name", "load"), MEETINGS, ids=[name for name, _ in MEETINGS])
def test_axe_finds_no_violation(
    browser: Any, tmp_path: Path, name: str, load: Callable[[], Meeting], lang: str
) -> None:
    page = browser.new_page()
    try:
        page.goto(page_file(tmp_path, load(), name, lang=lang))
        assert page.evaluate("document.documentElement.lang") == lang
        result = run_axe(page)
        assert result["violations"] == [], describe(result["violations"])
        passed = {rule["id"] for rule in result["passes"]}
        # The rules that matter most for this page really ran and passed.
        assert {"color-contrast", "html-has-lang", "document-title", "heading-order"} <= passed
        assert {"landmark-one-main", "page-has-heading-one", "list", "listitem"} <= passed
    finally:
        page.close()


def test_screenshot(browser: Any, tmp_path: Path) -> None:
    url = page_file(tmp_path, kommunchef.load(SEED), "seed")
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    try:
        page.goto(url)
        shot = tmp_path / "seed.png"
        page.screenshot(path=str(shot), full_page=True)
        data = shot.read_bytes()
        assert data.startswith(PNG_SIGNATURE)
        width = int.from_bytes(data[16:20], "big")
        height = int.from_bytes(data[20:24], "big")
        assert width == 1000
        assert height > 1400  # the whole page, not only the first screen
    finally:
        page.close()


@pytest.mark.parametrize("name", ["seed", "hostile"])
def test_narrow_screen_has_no_sideways_scrolling(browser: Any, tmp_path: Path, name: str) -> None:
    """WCAG 1.4.10 reflow: at 320 CSS pixels nothing scrolls sideways."""
    meeting = kommunchef.load(SEED) if name == "seed" else hostile_meeting()
    page = browser.new_page(viewport={"width": 320, "height": 800})
    try:
        page.goto(page_file(tmp_path, meeting, name))
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"the page is {widths[0]}px wide at 320px"
    finally:
        page.close()


def test_print_gives_a4_pages(browser: Any, tmp_path: Path) -> None:
    page = browser.new_page()
    try:
        page.goto(page_file(tmp_path, kommunchef.load(SEED), "seed"))
        pages = assert_a4(page.pdf(format="A4"))
        assert pages >= 2
        # The stylesheet's own @page size is A4: it wins over a Letter default.
        assert assert_a4(page.pdf(format="Letter", prefer_css_page_size=True)) >= 2
    finally:
        page.close()


def test_print_styles(browser: Any, tmp_path: Path) -> None:
    meeting = kommunchef.load(REPOSITORY / "examples" / "invite-2026-12.json")
    page = browser.new_page()
    try:
        page.goto(page_file(tmp_path, meeting, "invite"))
        page.emulate_media(media="print")
        after = page.evaluate(
            "[...document.querySelectorAll('main a')].map("
            "a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])"
        )
        assert after == [
            # The meeting's own link shows its address already: nothing is added in print.
            ["https://goteborgsregionen.se/kommunchefsgruppen/2026-12-04", "none"],
            [
                "https://www.lansstyrelsen.se/vastra-gotaland",
                '" (https://www.lansstyrelsen.se/vastra-gotaland)"',
            ],
        ]
        breaks = page.evaluate(
            "[...document.querySelectorAll('h2, h3')].map(h => getComputedStyle(h).breakAfter)"
        )
        assert breaks
        assert set(breaks) == {"avoid"}
        page.emulate_media(media="screen")
        assert page.evaluate(
            "getComputedStyle(document.querySelector('main a'), '::after').content"
        ) in (
            "none",
            "normal",
        )
    finally:
        page.close()


def test_seed_link_address_is_not_printed_twice(browser: Any, tmp_path: Path) -> None:
    page = browser.new_page()
    try:
        page.goto(page_file(tmp_path, kommunchef.load(SEED), "seed"))
        page.emulate_media(media="print")
        content = page.evaluate(
            "getComputedStyle(document.querySelector('main a'), '::after').content"
        )
        assert content == "none"  # the link's text already is its address
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_hostile_meeting_runs_nothing_and_fetches_nothing(
    browser: Any, tmp_path: Path, lang: str
) -> None:
    url = page_file(tmp_path, hostile_meeting(), "hostile", lang=lang)
    page = browser.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    requests: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(200)  # give a stray handler the chance to fire
        assert dialogs == []
        assert errors == []
        assert requests == [url]
        counts = page.evaluate(
            "[document.scripts.length, document.images.length, "
            "document.querySelectorAll('iframe, object, embed, link, [onerror], [onload]').length]"
        )
        assert counts == [0, 0, 0]
        assert page.title().startswith(
            "Anteckningar – <script>" if lang == "sv" else "Minutes – <script>"
        )
        hrefs = page.evaluate("[...document.links].map(a => a.protocol)")
        assert hrefs
        assert set(hrefs) <= {"http:", "https:", "mailto:"}
    finally:
        page.close()
