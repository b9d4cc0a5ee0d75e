"""The static site of a series: pages, links, feed, calendar, privacy, rebuilds and the swap."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kommunchef
from kommunchef.cli import main
from kommunchef.exporting import available_formats
from kommunchef.site import MANIFEST, SiteError, build_site
from kommunchef.site.build import recover
from kommunchef.site.markup import element
from kommunchef.testing.publication import contact_details, output_texts
from kommunchef.testing.sites import SITE_TODAY, generated_meeting

pytestmark = pytest.mark.skipif(
    "html" not in {info.name for info in available_formats()},
    reason="the site needs the html format (kommunchef-html)",
)

ATOM = "{http://www.w3.org/2005/Atom}"


def build(series: Path, site: Path, **options: object) -> kommunchef.site.SiteBuild:
    return build_site(series, site, today=SITE_TODAY, **options)  # type: ignore[arg-type]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = values.get("lang")
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_links(site: Path) -> Iterator[str]:
    """Every internal link or script of every page that names no file or no anchor."""
    parsed = {path: parse(path) for path in pages(site)}
    for path, page in parsed.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("http", "https", "mailto", "webcal"):
                    yield f"{path}: {link}: not a relative or web link"
                continue
            assert not link.startswith("/"), f"{path}: {link} is not relative"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file():
                yield f"{path.relative_to(site)}: {link}"
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if parts.fragment not in ids:
                    yield f"{path.relative_to(site)}: {link}: no such anchor"


def test_site_has_every_page_and_no_broken_link(series_folder: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build(series_folder, site)
    assert len(result.rendered) == 9
    assert result.kept == 0
    for name in ("index.html", "decisions.html", "follow-ups.html", "search.html", "feed.xml"):
        assert (site / name).is_file(), name
    assert (site / "years" / "2022.html").is_file()
    assert (site / "years" / "2023.html").is_file()
    for stem in ("kcg-2021-10-08", "kcg-2023-02-24"):
        assert (site / "meetings" / f"{stem}.html").is_file()
        assert (site / "meetings" / f"{stem}.json").is_file()
        if "docx" in {f.name for f in available_formats()}:
            assert (site / "meetings" / f"{stem}.docx").is_file()
    assert list(broken_links(site)) == []
    for path in pages(site):
        page = parse(path)
        assert page.lang == "sv", path
        assert "#content" in page.links, path
        assert "content" in page.ids, path
        assert {"header", "nav", "main"} <= set(page.tags), path


def test_meeting_page_is_the_html_formats_page_with_downloads(
    series_folder: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(series_folder, site)
    meeting = kommunchef.load(series_folder / "kcg-2021-10-08.json")
    own = kommunchef.export(meeting, "html").decode("utf-8")
    page = (site / "meetings" / "kcg-2021-10-08.html").read_text(encoding="utf-8")
    # The same page: its header, agenda and stylesheet are all there.
    body = own[own.index('<header class="document-header">') : own.index("</main>")]
    assert body.strip() in page
    links = parse(site / "meetings" / "kcg-2021-10-08.html").links
    assert "kcg-2021-10-08.json" in links
    assert "../years/2021.html" in links
    formats = {info.name for info in available_formats()}
    for name, suffix in (("docx", ".docx"), ("pdf", ".pdf")):
        assert (f"kcg-2021-10-08{suffix}" in links) == (name in formats)
    assert "<!--kommunchef-site" not in page


def test_start_page_lists_coming_meetings_and_latest_minutes(
    series_folder: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(series_folder, site)
    start = (site / "index.html").read_text(encoding="utf-8")
    coming = start[start.index('id="coming"') : start.index('id="latest"')]
    # The planned agenda of 9 June links to its page; the meeting of 14 July is announced.
    assert "meetings/kcg-2023-06-09.html" in coming
    assert "14 juli 2023" in coming
    assert "2022" not in coming  # past meetings are not coming
    latest = start[start.index('id="latest"') :]
    assert latest.index("kcg-2023-02-24") < latest.index("kcg-2022-09-02")


def test_registers_list_decisions_and_closed_follow_ups(
    series_folder: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(series_folder, site)
    decisions = html.unescape((site / "decisions.html").read_text(encoding="utf-8"))
    for number in range(6):
        assert f"Gruppen beslutar att gå vidare med del {number}." in decisions
    follow_ups = html.unescape((site / "follow-ups.html").read_text(encoding="utf-8"))
    # The same title at a later held meeting closes a follow-up.
    assert "Avslutad 2022-11-11, punkt 1" in follow_ups
    assert "Öppen" in follow_ups


def test_feed_is_atom_with_stable_ids(series_folder: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(series_folder, site, base_url="https://example.org/kcg")
    root = ET.parse(site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None
    assert self_link.get("href") == "https://example.org/kcg/feed.xml"
    entries = root.findall(f"{ATOM}entry")
    held = [
        meeting
        for meeting in kommunchef.Series(series_folder)
        if meeting.kind == "minutes" and meeting.status == "held"
    ]
    assert len(entries) == len(held) == 7  # not the cancelled meeting, not the agenda
    rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$")
    ids = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert rfc3339.match(entry.findtext(f"{ATOM}updated") or "")
        link = entry.find(f"{ATOM}link")
        assert link is not None
        assert link.get("href", "").startswith("https://example.org/kcg/")
        ids.append(entry.findtext(f"{ATOM}id"))
    assert "tag:kommunchef.goteborgsregionen.se,2024:minutes/kommunchefsgruppen.gr.20211008" in ids
    assert len(set(ids)) == len(ids)
    # Pages still link relatively with a base URL.
    assert "https://example.org" not in (site / "index.html").read_text(encoding="utf-8")


def test_calendar_parses_with_stable_uids(series_folder: Path, tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    if "ics" not in {info.name for info in available_formats()}:
        pytest.skip("the ics format is not installed")
    first, second = tmp_path / "one", tmp_path / "two"
    build(series_folder, first)
    build(series_folder, second, lang="en")
    uids = []
    for site in (first, second):
        calendar = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
        uids.append(sorted(str(event["UID"]) for event in calendar.walk("VEVENT")))
    assert uids[0] == uids[1]
    assert len(uids[0]) >= 8
    assert "kommunchefsgruppen.gr.20221111@kommunchef.goteborgsregionen.se" in uids[0]


def test_english_site(series_folder: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(series_folder, site, lang="en")
    for path in pages(site):
        assert parse(path).lang == "en", path
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "Coming meetings" in start
    assert "Skip to content" in start
    assert "Minutes" in (site / "meetings" / "kcg-2023-02-24.html").read_text(encoding="utf-8")
    assert list(broken_links(site)) == []


def test_public_profile_leaves_no_contact_detail_anywhere(
    series_folder: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    result = build(series_folder, site, profile="public")
    wanted: set[str] = set()
    for path in series_folder.glob("*.json"):
        wanted |= contact_details(kommunchef.load(path))
    assert len(wanted) >= 20
    assert any("@" in value for value in wanted)
    assert any("070" in value for value in wanted)
    found = []
    files = [path for path in site.rglob("*") if path.is_file()]
    assert any(path.suffix == ".docx" for path in files) or "docx" not in {
        f.name for f in available_formats()
    }
    for path in files:
        views = output_texts(path.read_bytes())  # unzips DOCX, inflates PDF streams
        found += [f"{path}: {value}" for value in wanted if any(value in v for v in views)]
    assert found == []
    assert result.redactions
    assert all(": " in line for line in result.redactions)


def test_rebuild_renders_only_what_changed(series_folder: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(series_folder, site)

    def inode(name: str) -> int:
        return (site / name).stat().st_ino

    kept_page = inode("meetings/kcg-2021-10-08.html")
    other_year = inode("years/2021.html")
    same = build(series_folder, site)
    assert same.rendered == ()
    assert same.kept == 9
    assert inode("meetings/kcg-2021-10-08.html") == kept_page

    changed = generated_meeting(2, dt.date(2022, 11, 11), location="Stenungsbaden")
    (series_folder / "kcg-2022-11-11.json").write_text(kommunchef.dumps(changed), "utf-8")
    result = build(series_folder, site)
    assert result.rendered == ("kcg-2022-11-11.json",)
    assert result.kept == 8
    assert inode("meetings/kcg-2021-10-08.html") == kept_page
    assert inode("years/2021.html") == other_year  # a year without changes is kept
    assert "Stenungsbaden" in (site / "meetings" / "kcg-2022-11-11.html").read_text("utf-8")

    (series_folder / "kcg-2022-11-11.json").unlink()
    result = build(series_folder, site)
    assert result.removed == ("kcg-2022-11-11.json",)
    assert not (site / "meetings" / "kcg-2022-11-11.html").exists()
    assert "kcg-2022-11-11" not in (site / "years" / "2022.html").read_text("utf-8")
    assert list(broken_links(site)) == []
    # Other settings render everything again.
    assert len(build(series_folder, site, lang="en").rendered) == 8


def test_failed_build_leaves_the_previous_site_whole(series_folder: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(series_folder, site)
    before = sorted(str(p.relative_to(site)) for p in site.rglob("*"))
    broken = json.loads((series_folder / "kcg-2022-09-02.json").read_text("utf-8"))
    broken["agenda"][0]["number"] = 0
    (series_folder / "kcg-2022-09-02.json").write_text(json.dumps(broken), "utf-8")
    with pytest.raises(kommunchef.LoadError, match=r"kcg-2022-09-02\.json"):
        build(series_folder, site)
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*")) == before
    assert {p.name for p in tmp_path.iterdir()} == {"site", "kommunchefsgruppen"}


def test_a_kill_during_the_swap_is_recovered(series_folder: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(series_folder, site)
    # Killed between the two renames: the previous site is .site.old-*, the new .site.new-*.
    os.rename(site, tmp_path / ".site.old-x1")
    (tmp_path / ".site.new-x2").mkdir()
    recover(site)
    assert (site / MANIFEST).is_file()
    assert {p.name for p in tmp_path.iterdir()} == {"site", "kommunchefsgruppen"}
    assert build(series_folder, site).rendered == ()


def test_a_folder_that_is_not_a_site_is_refused(series_folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SiteError, match="not empty and holds no site"):
        build(series_folder, other)
    assert (other / "thesis.txt").read_text(encoding="utf-8") == "keep me"


def test_cli_builds_the_site_and_writes_the_report(
    series_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site, report = tmp_path / "site", tmp_path / "report.txt"
    arguments = [str(series_folder), "-o", str(site), "--profile", "public"]
    assert main(["site", *arguments, "--report", str(report), "--jobs", "2"]) == 0
    assert (site / "index.html").is_file()
    assert "e-mail address removed" in report.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["site", str(series_folder), "-o", str(site), "--base-url", "ftp://x"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("kommunchef: error: the base URL")
    assert error.count("\n") == 1
    assert main(["site", str(tmp_path / "missing"), "-o", str(site)]) == 1


@given(st.text())
def test_the_writer_escapes_every_text(value: str) -> None:
    written = element("p", value, title=value)
    assert written.count("<") == 2
    assert written.count('"') == 2
    assert html.unescape(written[written.index(">") + 1 : -4]) == value
