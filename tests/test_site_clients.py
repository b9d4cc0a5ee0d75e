"""The built site in real clients: the Nu Html Checker, axe-core in Chromium, libical.

Every page of a test site (Swedish and English) is checked: 0 errors from the checker,
0 axe violations (WCAG 2.1 A and AA, best practice), and the search works in the browser.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_kommunchef import require_client, skip_or_fail

from kommunchef.exporting import available_formats
from kommunchef.site import build_site
from kommunchef.testing.sites import SITE_TODAY

pytestmark = [
    pytest.mark.client,
    pytest.mark.skipif(
        "html" not in {info.name for info in available_formats()},
        reason="the site needs the html format (kommunchef-html)",
    ),
]

REPOSITORY = Path(__file__).resolve().parents[1]
VNU_JAR = REPOSITORY / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from kommunchef.testing.sites import write_series

    root = tmp_path_factory.mktemp("sites")
    examples = tuple(sorted((REPOSITORY / "examples").glob("*.json")))
    series = write_series(root / "series", examples)
    built = {}
    for lang in ("sv", "en"):
        built[lang] = root / lang
        build_site(series, built[lang], lang=lang, profile="public", today=SITE_TODAY)
    return built


def all_pages(sites: dict[str, Path]) -> list[Path]:
    return [page for site in sites.values() for page in sorted(site.rglob("*.html"))]


def test_every_page_passes_the_nu_html_checker(sites: dict[str, Path]) -> None:
    java = require_client("java", "the Nu Html Checker runs on Java")
    if not VNU_JAR.is_file():
        skip_or_fail(f"{VNU_JAR} is missing: run 'npm install' in {REPOSITORY}")
    pages = all_pages(sites)
    assert len(pages) >= 20
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--also-check-css"]
        + [str(page) for page in pages]
        + [str(site / "site.css") for site in sites.values()],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, f"the Nu Html Checker found errors:\n{report}"
    assert report == ""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = require_client(CHROMIUM, "Debian package chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


def test_every_page_has_no_axe_violation(sites: dict[str, Path], browser: Any) -> None:
    if not AXE.is_file():
        skip_or_fail(f"{AXE} is missing: run 'npm install' in {REPOSITORY}")
    context = browser.new_context()
    # The site makes no request beyond its own files.
    context.route("http*://**", lambda route: route.abort())
    page = context.new_page()
    problems: list[str] = []
    for path in all_pages(sites):
        page.goto(path.as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        problems += [
            f"{path}: {v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
    context.close()
    assert problems == []


def test_search_works_in_the_browser_from_file_urls(sites: dict[str, Path], browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((sites["sv"] / "search.html").as_uri())
    assert page.is_hidden("#search-no-script")
    page.fill("#search-query", "visselblås*")
    page.click("#search-form button")
    links = page.eval_on_selector_all("#search-results a", "links => links.map(a => a.href)")
    assert any("kcg-2022-09-02.html" in link for link in links)
    assert not any("kcg-2022-10-07.html" in link for link in links)  # another title
    assert page.text_content("#search-status") == f"{len(links)} träffar"
    page.fill("#search-query", "molndal")  # diacritics fold: finds Mölndal
    page.click("#search-form button")
    assert page.eval_on_selector_all("#search-results a", "links => links.length") > 0
    # A result's link opens its page.
    page.goto(links[0])
    assert page.title()
    page.close()
    assert errors == []


def test_search_page_without_javascript_offers_the_way_around(
    sites: dict[str, Path], browser: Any
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((sites["en"] / "search.html").as_uri())
    assert page.is_visible("#search-no-script")
    assert page.is_hidden("#search-form")
    hrefs = page.eval_on_selector_all("#search-no-script a", "links => links.map(a => a.href)")
    assert any(href.endswith("decisions.html") for href in hrefs)
    assert any("/years/" in href for href in hrefs)
    context.close()


LIBICAL = r"""
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib
component = ICalGLib.Parser.parse_string(sys.stdin.read())
events = 0
if component is not None:
    inner = component.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while inner is not None:
        events += 1
        inner = component.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
print(json.dumps({
    "parsed": component is not None,
    "errors": 0 if component is None else component.count_errors(),
    "events": events,
}))
"""


def test_calendar_parses_in_libical(sites: dict[str, Path]) -> None:
    if "ics" not in {info.name for info in available_formats()}:
        pytest.skip("the ics format is not installed")
    python = require_client("/usr/bin/python3", "libical is used through the system Python")
    done = subprocess.run(
        [python, "-c", LIBICAL],
        input=(sites["sv"] / "calendar.ics").read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0 and "gi" in done.stderr:
        skip_or_fail(
            "libical's GObject bindings are missing (apt-get install gir1.2-ical-3.0 "
            f"python3-gi): {done.stderr.strip().splitlines()[-1]}"
        )
    result = json.loads(done.stdout)
    assert result["parsed"]
    assert result["errors"] == 0
    assert result["events"] >= 8
