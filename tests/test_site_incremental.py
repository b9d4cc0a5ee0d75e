"""Incremental site builds: a rebuild gives the same files as a build from scratch.

The listing pages (registers, calendar, feed, search index, year and start pages) of a
rebuild are made from the meetings' stored contributions; these tests change a series in
every way that matters, rebuild, and compare every file of the site with a fresh build into
another folder. A property test checks the contributions' listing pass against the same
pages made from the meetings themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import kommunchef
import kommunchef.site.sources
from kommunchef import DocumentKind, Meeting, MeetingStatus, Paragraph, UpcomingMeeting
from kommunchef.cli import main
from kommunchef.exporting import available_formats, get_exporter
from kommunchef.identity import Occurrences
from kommunchef.register import decisions, follow_ups
from kommunchef.series import Entry
from kommunchef.site import MANIFEST, SiteBuild, build_site
from kommunchef.site.aggregates import SiteInfo, build_aggregates
from kommunchef.site.calendar import calendar_frame, fold, meeting_events
from kommunchef.site.contributions import (
    FOLDER,
    Contribution,
    contribution_bytes,
    contribution_from_bytes,
    contribution_of,
)
from kommunchef.site.layout import CALENDAR, DECISIONS, FOLLOW_UPS, Frame, meeting_page
from kommunchef.site.meetings import Summary
from kommunchef.site.pages import Coming, RegisterPage, register_row
from kommunchef.site.words import Words
from kommunchef.testing.sites import SITE_TODAY, generated_meeting, write_series
from kommunchef.testing.strategies import meetings
from kommunchef.validation import has_errors, validate

INSTALLED = {info.name for info in available_formats()}
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kcg-2021-10-08.json"

pytestmark = pytest.mark.skipif(
    "html" not in INSTALLED, reason="the site needs the html format (kommunchef-html)"
)

FAST = ("docx", "json")
"""The downloads of most builds here: a PDF takes seconds a meeting and changes nothing in
how a rebuild chooses what to render or makes the listing pages."""


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of a site by its path, with its bytes; the manifest by what it says of the
    site (its bytes depend on how its rows came, its sources on the files' times)."""
    files = {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    files[MANIFEST] = repr(manifest_content(site)).encode("utf-8")
    return files


def manifest_content(site: Path) -> tuple[list[Any], list[Any], list[Any]]:
    """The manifest's settings and listing values, its meetings (but whether each was kept),
    and its sources' hashes and headers."""
    with closing(sqlite3.connect(site / MANIFEST)) as db:
        values = db.execute("SELECT * FROM site WHERE key != 'scanned' ORDER BY key").fetchall()
        meetings = db.execute(
            "SELECT source, hash, id, date, kind, status, title, outputs, year FROM meetings "
            "ORDER BY source"
        ).fetchall()
        sources = db.execute(
            "SELECT name, hash, id, date, rank, kind, status, body, organisation FROM sources "
            "ORDER BY name"
        ).fetchall()
    return values, meetings, sources


def edit_manifest(site: Path, *statements: str) -> None:
    """Change the site's manifest with SQL statements."""
    with closing(sqlite3.connect(site / MANIFEST)) as db, db:
        for statement in statements:
            db.execute(statement)


def differences(one: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    names = sorted(set(one) | set(other))
    return [name for name in names if one.get(name) != other.get(name)]


def assert_as_built_from_scratch(series: Path, site: Path, tmp_path: Path, **options: Any) -> None:
    """Every file of ``site`` is what a build into an empty folder gives."""
    fresh = tmp_path / "fresh"
    build(series, fresh, **options)
    assert differences(snapshot(site), snapshot(fresh)) == []


def build(series: Path, site: Path, **options: Any) -> SiteBuild:
    options.setdefault("today", SITE_TODAY)
    options.setdefault("downloads", FAST)
    return build_site(series, site, **options)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A generated series and its site, built once: where most rebuild tests start."""
    series = write_series(tmp_path / "series")
    site = tmp_path / "site"
    build(series, site)
    return series, site


def write(folder: Path, meeting: Meeting, name: str | None = None) -> None:
    (folder / (name or f"{meeting.id}.json")).write_text(kommunchef.dumps(meeting), "utf-8")


# -- changes to a series: each returns the options of the rebuild and what it renders ----------

Change = Callable[[Path], tuple[dict[str, Any], int | None]]


def change_one(series: Path) -> tuple[dict[str, Any], int | None]:
    # A new title for the item of 2022-10-07: the follow-ups it raised and closed change too.
    meeting = generated_meeting(1, dt.date(2022, 10, 7), location="Stenungsbaden")
    items = (evolve(meeting.agenda[0], title="Visselblåsarfunktion i GR"), *meeting.agenda[1:])
    write(series, evolve(meeting, agenda=items, revision=2))
    return {}, 1


def change_nothing(series: Path) -> tuple[dict[str, Any], int | None]:
    return {}, 0


def remove_one(series: Path) -> tuple[dict[str, Any], int | None]:
    (series / "kcg-2022-11-11.json").unlink()
    return {}, 0


def remove_a_year(series: Path) -> tuple[dict[str, Any], int | None]:
    (series / "kcg-2021-10-08.json").unlink()
    return {}, 0


def add_one(series: Path) -> tuple[dict[str, Any], int | None]:
    write(series, generated_meeting(7, dt.date(2022, 9, 30)))
    return {}, 1


def add_a_year(series: Path) -> tuple[dict[str, Any], int | None]:
    write(series, generated_meeting(8, dt.date(2024, 2, 2)))
    return {}, 1


def rename_one(series: Path) -> tuple[dict[str, Any], int | None]:
    (series / "kcg-2022-12-16.json").rename(series / "2022-12-16-minutes.json")
    return {}, 1


def name_an_occurrence(series: Path) -> tuple[dict[str, Any], int | None]:
    # An earlier document gives the meeting of 2023-02-24 an explicit id: that meeting's own
    # (unchanged) documents become that occurrence too.
    meeting = generated_meeting(2, dt.date(2022, 11, 11))
    upcoming = UpcomingMeeting(dt.date(2023, 2, 24), "Kommunchefsgruppen", id="kcg-februarimote")
    write(series, evolve(meeting, upcoming=(*meeting.upcoming, upcoming)))
    return {}, 1


def public_profile(series: Path) -> tuple[dict[str, Any], int | None]:
    return {"profile": "public"}, None


def english(series: Path) -> tuple[dict[str, Any], int | None]:
    return {"lang": "en"}, None


def base_url(series: Path) -> tuple[dict[str, Any], int | None]:
    return {"base_url": "https://example.org/kcg/"}, 0  # the feed's links only


def later_day(series: Path) -> tuple[dict[str, Any], int | None]:
    return {"today": dt.date(2023, 6, 20)}, 0


def earlier_day(series: Path) -> tuple[dict[str, Any], int | None]:
    return {"today": dt.date(2022, 10, 1)}, 0


def other_downloads(series: Path) -> tuple[dict[str, Any], int | None]:
    return {"downloads": ("json",)}, None


@pytest.mark.parametrize(
    "change",
    [
        change_one,
        change_nothing,
        remove_one,
        remove_a_year,
        add_one,
        add_a_year,
        rename_one,
        name_an_occurrence,
        public_profile,
        english,
        base_url,
        later_day,
        earlier_day,
        other_downloads,
    ],
)
def test_a_rebuild_is_a_build_from_scratch(change: Change, tmp_path: Path) -> None:
    series = write_series(tmp_path / "series", (EXAMPLE,))
    site = tmp_path / "site"
    first = build(series, site)
    options, rendered = change(series)
    again = build(series, site, **options)
    assert_as_built_from_scratch(series, site, tmp_path, **options)
    if rendered is None:  # other settings: everything again
        rendered = len(first.rendered)
    assert len(again.rendered) == rendered
    assert again.kept == len(list(series.glob("*.json"))) - rendered


@pytest.mark.skipif("pdf" not in INSTALLED, reason="no pdf format is installed")
def test_a_rebuild_with_every_download_is_a_build_from_scratch(tmp_path: Path) -> None:
    series = write_series(tmp_path / "series")
    site = tmp_path / "site"
    build(series, site, downloads=None)
    change_one(series)
    assert len(build(series, site, downloads=None).rendered) == 1
    assert any(name.endswith(".pdf") for name in snapshot(site))
    assert_as_built_from_scratch(series, site, tmp_path, downloads=None)


def test_a_rebuild_reads_only_the_changed_meeting(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    series, site = built
    change_one(series)
    read = _files_read(monkeypatch, kommunchef.series, "read_meeting_file")
    build(series, site)
    assert read == ["kcg-2022-10-07.json"]


def _age_stamps(site: Path) -> None:
    """Date the previous build's look at the sources a minute later, as if the files had been
    written well before it (tests write them right before)."""
    edit_manifest(site, "UPDATE site SET value = value + 60000000000 WHERE key = 'scanned'")


def _files_read(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[str]:
    """The names of the files that ``owner.name`` is called with (its first argument) from
    now on."""
    read: list[str] = []
    original = getattr(owner, name)

    def spy(path: Path, *rest: Any) -> Any:
        read.append(Path(path).name)
        return original(path, *rest)

    monkeypatch.setattr(owner, name, spy)
    return read


def _spy_on_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return _files_read(monkeypatch, kommunchef.site.sources, "_read")


def test_a_rebuild_reads_no_source_whose_stamp_is_unchanged(
    tmp_path: Path, built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    series, site = built
    _age_stamps(site)
    change_one(series)
    read = _spy_on_reads(monkeypatch)
    again = build(series, site)
    assert read == ["kcg-2022-10-07.json"]
    assert again.rendered == ("kcg-2022-10-07.json",)
    assert_as_built_from_scratch(series, site, tmp_path)


def test_a_source_changed_behind_its_old_size_and_time_is_read_again(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Same size, modification time set back (as cp -p or touch -d would): the change time
    # still tells.
    series, site = built
    _age_stamps(site)
    path = series / "kcg-2022-10-07.json"
    before = path.stat()
    text = path.read_text("utf-8")
    assert '"location": "GR"' in text
    path.write_text(text.replace('"location": "GR"', '"location": "GX"', 1), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    read = _spy_on_reads(monkeypatch)
    assert build(series, site).rendered == ("kcg-2022-10-07.json",)
    assert read == ["kcg-2022-10-07.json"]


def test_sources_changed_just_before_the_previous_build_are_read_again(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written right before the build looked at them: within the file system's clock tick
    # they could have changed again unseen, so their stamps are not trusted (nothing is
    # rendered: the hashes are the same).
    series, site = built
    read = _spy_on_reads(monkeypatch)
    assert build(series, site).rendered == ()
    assert sorted(read) == sorted(path.name for path in series.glob("*.json"))


@pytest.mark.parametrize(
    "damage",
    [
        "DELETE FROM sources",
        "DELETE FROM site WHERE key = 'scanned'",
        "UPDATE site SET value = '\"x\"' WHERE key = 'scanned'",
        "UPDATE site SET value = '1.5e30' WHERE key = 'scanned'",
    ],
)
def test_damaged_stamps_read_every_source_and_render_nothing(
    damage: str, built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    series, site = built
    _age_stamps(site)
    edit_manifest(site, damage)
    read = _spy_on_reads(monkeypatch)
    assert build(series, site).rendered == ()
    assert len(read) == len(list(series.glob("*.json")))


def test_a_stamp_record_of_the_wrong_shape_is_read_again(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    series, site = built
    _age_stamps(site)
    edit_manifest(
        site,
        "UPDATE sources SET hash = x'07' WHERE name = 'kcg-2022-10-07.json'",  # not a string
        "UPDATE sources SET size = 'x' WHERE name = 'kcg-2022-11-11.json'",
        "UPDATE sources SET date = 'the day' WHERE name = 'kcg-2022-12-16.json'",
    )
    read = _spy_on_reads(monkeypatch)
    assert build(series, site).rendered == ()
    assert sorted(read) == ["kcg-2022-10-07.json", "kcg-2022-11-11.json", "kcg-2022-12-16.json"]


# -- what a rebuild does with a damaged previous site -----------------------------------------


def _garbage(site: Path, name: str) -> None:
    path = site / name
    path.unlink()  # the file may be a hard link shared with nothing else; write a new one
    path.write_text("{not json", "utf-8")


def _rewrite(site: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Change a stored contribution and write it with a right checksum, as if another build
    had written it."""
    path = site / name
    stored, _, search = path.read_bytes().partition(b"\n")[2].partition(b"\n")
    data = json.loads(stored)
    change(data)
    text = json.dumps(data).encode("utf-8") + b"\n" + search
    path.unlink()
    path.write_bytes(hashlib.sha256(text).hexdigest().encode("ascii") + b"\n" + text)


def _other_settings(site: Path, name: str) -> None:
    _rewrite(site, name, lambda data: data.update(key="0" * 64))


def _other_source(site: Path, name: str) -> None:
    _rewrite(site, name, lambda data: data.update(hash="0" * 64))


def _other_format(site: Path, name: str) -> None:
    _rewrite(site, name, lambda data: data.update(format=0))


def _wrong_shape(site: Path, name: str) -> None:
    _rewrite(site, name, lambda data: data.update(occurrences=data["occurrences"][:1]))


def _without_search(site: Path, name: str) -> None:
    # As format 1 stored it: the JSON alone, with a right checksum.
    path = site / name
    stored = path.read_bytes().partition(b"\n")[2].partition(b"\n")[0]
    path.unlink()
    path.write_bytes(hashlib.sha256(stored).hexdigest().encode("ascii") + b"\n" + stored)


def _edited(site: Path, name: str) -> None:
    path = site / name
    data = path.read_bytes().replace("Frågan".encode(), b"Fragan")
    assert data != path.read_bytes()
    path.unlink()
    path.write_bytes(data)


def _missing(site: Path, name: str) -> None:
    (site / name).unlink()


CONTRIBUTION = f"{FOLDER}/kcg-2022-11-11.json"


@pytest.mark.parametrize(
    ("damage", "name"),
    [
        (_garbage, CONTRIBUTION),
        (_other_settings, CONTRIBUTION),
        (_without_search, CONTRIBUTION),
        (_other_source, CONTRIBUTION),
        (_other_format, CONTRIBUTION),
        (_wrong_shape, CONTRIBUTION),
        (_edited, CONTRIBUTION),
        (_missing, CONTRIBUTION),
        (_missing, "meetings/kcg-2022-11-11.html"),
        (_missing, "meetings/kcg-2022-11-11.docx"),
    ],
)
def test_a_damaged_meeting_is_rendered_again(
    damage: Callable[[Path, str], None], name: str, tmp_path: Path, built: tuple[Path, Path]
) -> None:
    series, site = built
    damage(site, name)
    # With another change, so that the listing pages are made again: a contribution is read
    # only then, and one that cannot be used is made again with its meeting.
    change_one(series)
    result = build(series, site)
    assert sorted(result.rendered) == ["kcg-2022-10-07.json", "kcg-2022-11-11.json"]
    assert_as_built_from_scratch(series, site, tmp_path)


@pytest.mark.parametrize(
    "manifest",
    [b"", b"{not json", b"SQLite format 3\x00" + bytes(200), json.dumps({"version": 2}).encode()],
)
def test_a_damaged_manifest_builds_everything_again(manifest: bytes, tmp_path: Path) -> None:
    series = write_series(tmp_path / "series")
    site = tmp_path / "site"
    first = build(series, site)
    (site / MANIFEST).write_bytes(manifest)
    assert len(build(series, site).rendered) == len(first.rendered)
    assert_as_built_from_scratch(series, site, tmp_path)


@pytest.mark.parametrize(
    "damage",
    [
        "PRAGMA user_version = 2",
        "DROP TABLE meetings",
        "DROP TABLE site",
        "UPDATE site SET value = '{not json' WHERE key = 'listing'",
        "UPDATE site SET value = replace(hex(zeroblob(50000)), '00', '[[') WHERE key = 'listing'",
        "ALTER TABLE meetings DROP COLUMN title",
    ],
)
def test_a_manifest_of_another_form_builds_everything_again(damage: str, tmp_path: Path) -> None:
    series = write_series(tmp_path / "series")
    site = tmp_path / "site"
    first = build(series, site)
    edit_manifest(site, damage)
    assert len(build(series, site).rendered) == len(first.rendered)
    assert_as_built_from_scratch(series, site, tmp_path)


@pytest.mark.parametrize(
    "edit",
    [
        "date = 5",
        "date = 'the day'",
        "outputs = x'00'",
        "outputs = outputs || char(10) || '/etc/passwd'",
        "outputs = outputs || char(10) || 'meetings/../../x'",
        "outputs = ''",
        "hash = x'00'",
        "title = x'00'",
    ],
)
def test_a_manifest_entry_of_the_wrong_shape_builds_everything_again(
    edit: str, tmp_path: Path
) -> None:
    series = write_series(tmp_path / "series")
    site = tmp_path / "site"
    first = build(series, site)
    edit_manifest(site, f"UPDATE meetings SET {edit} WHERE source = 'kcg-2022-10-07.json'")
    assert len(build(series, site).rendered) == len(first.rendered)
    assert_as_built_from_scratch(series, site, tmp_path)


def test_a_site_of_an_earlier_version_is_built_again(tmp_path: Path) -> None:
    # Versions 1 and 2 kept the manifest as JSON: such a folder is a site, built again whole.
    series = write_series(tmp_path / "series")
    site = tmp_path / "site"
    first = build(series, site)
    (site / MANIFEST).unlink()
    (site / ".kommunchef-site.json").write_text('{"version": 2}', "utf-8")
    assert len(build(series, site).rendered) == len(first.rendered)
    assert not (site / ".kommunchef-site.json").exists()
    assert_as_built_from_scratch(series, site, tmp_path)


def test_manifest_entries_out_of_the_site_are_not_followed(tmp_path: Path) -> None:
    series = write_series(tmp_path / "series")
    site = tmp_path / "site"
    first = build(series, site)
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    edit_manifest(
        site,
        "UPDATE meetings SET outputs = outputs || char(10) || '../secret.txt' "
        "WHERE source = (SELECT min(source) FROM meetings)",
    )
    assert len(build(series, site).rendered) == len(first.rendered)
    assert not any(path.name == "secret.txt" for path in site.rglob("*"))


def test_listing_pages_missing_from_a_site_are_made_again(
    tmp_path: Path, built: tuple[Path, Path]
) -> None:
    series, site = built
    (site / "follow-ups.html").unlink()
    (site / "years" / "2022.html").unlink()
    assert build(series, site).rendered == ()
    assert_as_built_from_scratch(series, site, tmp_path)


def test_unknown_downloads_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    series = write_series(tmp_path / "series")
    with pytest.raises(kommunchef.site.SiteError, match="'odt'"):
        build(series, tmp_path / "site", downloads=("json", "odt"))
    assert main(["site", str(series), "-o", str(tmp_path / "site"), "--downloads", "odt"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("kommunchef: error: a meeting page offers downloads as")
    assert error.count("\n") == 1
    assert not (tmp_path / "site").exists()


# -- the listing pass against the same pages made from the meetings ---------------------------

EXPLICIT_IDS = ("kcg-extra", "host-" + "-".join(["ett-mycket-langt-id"] * 4))
TITLES = ("Budget", "Skolfrågor", "Övriga frågor")
KINDS = [
    (DocumentKind.MINUTES, MeetingStatus.HELD),
    (DocumentKind.MINUTES, MeetingStatus.CANCELLED),
    (DocumentKind.AGENDA, MeetingStatus.PLANNED),
    (DocumentKind.NOTICE, MeetingStatus.PLANNED),
]


@st.composite
def documents(draw: st.DrawFn) -> list[Meeting]:
    """A small series whose documents share occurrences: the same body and days, explicit
    ids, repeated item titles and references that close follow-ups."""
    days = sorted(
        draw(
            st.lists(
                st.dates(dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
                min_size=1,
                max_size=5,
                unique=True,
            )
        )
    )
    bodies = st.sampled_from(["Kommunchefsgruppen", "Kommunchefsgruppen " + "lång " * 20])
    found: list[Meeting] = []
    for number, day in enumerate(days):
        base = draw(meetings(max_items=2))
        items = []
        for item in base.agenda:
            body = item.body
            if draw(st.booleans()) and found:
                earlier = draw(st.sampled_from(found))
                body = (*body, Paragraph((f"Se {earlier.date.isoformat()}, punkt 1.",)))
            items.append(evolve(item, title=draw(st.sampled_from(TITLES)), body=body))
        upcoming = []
        for _ in range(draw(st.integers(0, 2))):
            when = draw(st.sampled_from(days) | st.dates(day, dt.date(2022, 6, 30)))
            timed = draw(st.booleans())
            upcoming.append(
                UpcomingMeeting(
                    when,
                    "Kommunchefsgruppen",
                    start_time=dt.time(9) if timed else None,
                    end_time=dt.time(12) if timed else None,
                    id=draw(st.none() | st.sampled_from(EXPLICIT_IDS)),
                    cancelled=draw(st.booleans()),
                )
            )
        kind, status = draw(st.sampled_from(KINDS))
        meeting = evolve(
            base,
            id=f"m{number}",
            date=day,
            start=None if base.start is None else base.start.replace(*day.timetuple()[:3]),
            end=None if base.end is None else base.end.replace(*day.timetuple()[:3]),
            body=draw(bodies),
            organisation="GR",
            kind=kind,
            status=status,
            agenda=tuple(items),
            upcoming=tuple(upcoming),
        )
        assume(not has_errors(validate(meeting)))
        found.append(meeting)
    return found


def _summary(meeting: Meeting, lang: str) -> Summary:
    from kommunchef.document import outline

    return Summary(
        source=f"{meeting.id}.json",
        hash="0" * 64,
        id=meeting.id,
        date=meeting.date.isoformat(),
        kind=str(meeting.kind),
        status=str(meeting.status),
        title=outline(meeting, kommunchef.Language(lang)).title,
        outputs=(),
    )


def _coming(documents: list[Meeting], lang: str, today: dt.date) -> list[Coming]:
    """The coming meetings as the start page lists them, from the meetings themselves."""
    from kommunchef.document import outline

    rule = Occurrences()
    best: dict[str, tuple[tuple[int, bool], Coming | None]] = {}
    for meeting in documents:
        document = outline(meeting, kommunchef.Language(lang))
        for description in rule.describe(meeting):
            known = best.get(description.identity)
            if known is not None and known[0] >= description.rank:
                continue
            coming = None
            if description.day >= today:
                if description.index is None:
                    cancelled = meeting.status is MeetingStatus.CANCELLED
                    coming = Coming(
                        meeting.date.isoformat(),
                        document.title,
                        cancelled,
                        meeting_page(meeting.id),
                    )
                else:
                    view = document.all_upcoming()[description.index]
                    coming = Coming(description.day.isoformat(), view.text, view.cancelled, None)
            best[description.identity] = (description.rank, coming)
    return sorted(
        (coming for _, coming in best.values() if coming is not None),
        key=lambda c: (c.date, c.text),
    )


def _register(frame: Frame, kind: str, rows: list[str]) -> bytes:
    handle = io.StringIO()
    page = RegisterPage(handle, frame, kind)
    for row in rows:
        page.add(row)
    page.finish()
    return handle.getvalue().encode("utf-8")


@pytest.mark.skipif("ics" not in INSTALLED, reason="the ics format is not installed")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    documents(), st.sampled_from(["sv", "en"]), st.dates(dt.date(2022, 1, 1), dt.date(2022, 7, 1))
)
def test_listing_pages_from_contributions_are_those_from_the_meetings(
    series: list[Meeting], lang: str, today: dt.date
) -> None:
    from kommunchef.document import outline

    language = kommunchef.Language(lang)
    words = Words(language)
    frame = Frame(words, "Kommunchefsgruppen, GR", calendar=True)
    ics = get_exporter("ics")
    stored: list[tuple[Summary, Contribution]] = []
    for meeting in series:
        summary = _summary(meeting, lang)
        contribution = contribution_of(
            meeting,
            summary,
            outline(meeting, language),
            words,
            "key",
            meeting_events(ics, meeting, lang),
        )
        kept = contribution_from_bytes(contribution_bytes(contribution))
        assert kept == contribution
        stored.append((summary, kept))
    info = SiteInfo(frame, "serie", None, calendar_frame(ics, "serie", lang))
    pairs = [
        (
            Entry(Path(f"{m.id}.json"), m.id, m.date, m.kind, m.status, m.body, m.organisation),
            m,
        )
        for m in series
    ]
    with tempfile.TemporaryDirectory() as folder:
        staging = Path(folder)
        aggregates = build_aggregates(staging, stored, info, today)
        calendar = (staging / CALENDAR).read_bytes()
        assert calendar == ics.export_series(series, name="serie", lang=lang)  # type: ignore[attr-defined]
        assert (staging / DECISIONS).read_bytes() == _register(
            frame, "decisions", [register_row(r, words) for r in decisions(pairs)]
        )
        assert (staging / FOLLOW_UPS).read_bytes() == _register(
            frame, "follow-ups", [register_row(r, words) for r in follow_ups(pairs)]
        )
        assert list(aggregates.coming) == _coming(series, lang, today)
        shutil.rmtree(staging / "search")


@given(st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=300))
def test_uid_lines_are_folded_as_the_calendar_library_folds(line: str) -> None:
    icalendar = pytest.importorskip("icalendar")
    assert fold(line) == icalendar.parser.Contentline(line).to_ical().decode("utf-8")


def test_a_build_with_workers_is_a_build_with_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One meeting a task and one task waiting per worker: the meetings go out a few at a
    # time, as they do at any size, and come back in order.
    import kommunchef.site.build as site_build

    monkeypatch.setattr(site_build, "_CHUNK", 1)
    monkeypatch.setattr(site_build, "_IN_FLIGHT", 1)
    series = write_series(tmp_path / "series")
    site = tmp_path / "site"
    result = build(series, site, jobs=2)
    assert len(result.rendered) == len(list(series.glob("*.json")))
    assert list(result.rendered) == sorted(result.rendered)  # the series' order
    assert_as_built_from_scratch(series, site, tmp_path)


def test_a_build_never_starts_more_workers_than_usable_cpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    import kommunchef.batch

    started: list[int] = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def counting_pool(*, max_workers: int, initializer: Callable[[], object]) -> Any:
        started.append(max_workers)
        return real_pool(max_workers=max_workers, initializer=initializer)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    series = write_series(tmp_path / "series")
    monkeypatch.setattr(kommunchef.batch, "usable_cpus", lambda: 1)
    build(series, tmp_path / "one-cpu", jobs=8)
    assert started == []  # one usable CPU: rendered in this process
    monkeypatch.setattr(kommunchef.batch, "usable_cpus", lambda: 2)
    build(series, tmp_path / "two-cpus", jobs=8)
    assert started == [2]
    assert_as_built_from_scratch(series, tmp_path / "two-cpus", tmp_path)


def test_a_system_that_cannot_fork_builds_the_same_site(
    tmp_path: Path, built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Kept files are then linked, and the follow-ups register made, in this process.
    series, site = built
    change_one(series)
    monkeypatch.delattr(os, "fork")
    assert build(series, site).rendered == ("kcg-2022-10-07.json",)
    monkeypatch.undo()
    assert_as_built_from_scratch(series, site, tmp_path)
