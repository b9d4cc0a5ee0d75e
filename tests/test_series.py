"""A series of meetings: loading, checks across meetings, registers, agenda drafting, search.

The test minutes are two meetings of Kommunchefsgruppen in early 2023: February names the
March and April meetings, March cancels April and names May.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_kommunchef import require_client, skip_or_fail

import kommunchef
import kommunchef.register
from kommunchef import (
    AgendaItem,
    DocumentKind,
    FollowUp,
    LoadError,
    Meeting,
    MeetingStatus,
    OptionError,
    Paragraph,
    Person,
    Recorder,
    UpcomingMeeting,
)
from kommunchef.agenda import AgendaError, draft_agenda
from kommunchef.cli import main
from kommunchef.keyfilter import KeyFilter
from kommunchef.register import decisions, follow_ups, format_option, is_standing, register
from kommunchef.search import (
    INDEX_NAME,
    SearchError,
    SearchIndex,
    UpdateStats,
    fts_query,
    search,
)
from kommunchef.series import Entry, Series

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

MEMBERS = (
    Person("Maria Reinholdsson", "Ale", email="maria@example.org"),
    Person("Peter Lönn", "Härryda", email="peter@example.org"),
    Person("Greta Berg", "GR", email="greta@example.org"),
)


def item(number: int, title: str, text: str, *follow_ups: str, decision: str = "") -> AgendaItem:
    return AgendaItem(
        number=number,
        title=title,
        body=(Paragraph((text,)),),
        decisions=(Paragraph((decision,)),) if decision else (),
        follow_ups=tuple(FollowUp(f) for f in follow_ups),
    )


def minutes(
    day: dt.date,
    agenda: tuple[AgendaItem, ...],
    upcoming: tuple[UpcomingMeeting, ...] = (),
    present: tuple[Person, ...] = MEMBERS,
    **fields: object,
) -> Meeting:
    return Meeting(
        id=f"kcg-{day.isoformat()}",
        date=day,
        present=present,
        agenda=agenda,
        upcoming=upcoming,
        recorded_by=Recorder("Greta Berg"),
        **fields,  # type: ignore[arg-type]
    )


FEBRUARY = minutes(
    dt.date(2023, 2, 10),
    (
        item(
            1,
            "Visselblåsarfunktion i GR",
            "Diskussion om en gemensam visselblåsarfunktion.",
            "Frågan återkommer vid nästa möte.",
            decision="Kommunchefsgruppen ställer sig bakom en gemensam utredning.",
        ),
        item(2, "Kompetensförsörjning", "Lägesrapport.", "Gruppen återkommer i frågan."),
        item(3, "Övriga frågor", "Inga.", "Gruppen återkommer till energifrågan."),
    ),
    (
        UpcomingMeeting(
            dt.date(2023, 3, 10), "Kommunchefsgruppen", start_time=dt.time(9), end_time=dt.time(12)
        ),
        UpcomingMeeting(dt.date(2023, 4, 14), "Kommunchefsgruppen", location="Stenungsbaden"),
    ),
)

MARCH = minutes(
    dt.date(2023, 3, 10),
    (
        # The same title as in February: the question was taken up.
        item(1, "Visselblåsarfunktion i GR", "Utredningen presenteras."),
        # An explicit reference closes February's follow-up under a standing item.
        item(2, "Energifrågan", "Från mötet 2023-02-10, punkt 3: energifrågan diskuteras."),
        item(3, "Övriga frågor", "Inga.", "Frågan om lokaler återkommer."),
    ),
    (
        UpcomingMeeting(dt.date(2023, 4, 14), "Kommunchefsgruppen", cancelled=True),
        UpcomingMeeting(
            dt.date(2023, 5, 12),
            "Kommunchefsgruppen",
            start_time=dt.time(9),
            end_time=dt.time(12),
            location="GR, Anders Personsgatan 8",
        ),
    ),
    start=dt.datetime(2023, 3, 10, 9, tzinfo=kommunchef.STOCKHOLM),
    end=dt.datetime(2023, 3, 10, 12, tzinfo=kommunchef.STOCKHOLM),
)

OPEN_AFTER_MARCH = [
    ("2023-02-10", 2, "Gruppen återkommer i frågan."),
    ("2023-03-10", 3, "Frågan om lokaler återkommer."),
]
"""The follow-ups of February and March that no later meeting took up."""


def write(folder: Path, *meetings: Meeting) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for meeting in meetings:
        (folder / f"{meeting.id}.json").write_text(kommunchef.dumps(meeting), encoding="utf-8")
    return folder


def examples_series(folder: Path) -> Path:
    """The example meetings plus the test minutes of February and March 2023."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("kcg-2021-10-08.json", "invite-2026-12.json"):
        shutil.copy(EXAMPLES / name, folder / name)
    return write(folder, FEBRUARY, MARCH)


# -- the series and its checks ----------------------------------------------------------------


def test_series_reads_lazily_in_date_order(tmp_path: Path) -> None:
    folder = examples_series(tmp_path / "series")
    (folder / ".kommunchef-search.sqlite3").write_bytes(b"not a meeting")
    (folder / "notes.md").write_text("not a meeting", encoding="utf-8")
    series = Series(folder)
    assert [entry.date.isoformat() for entry in series.entries] == [
        "2021-10-08",
        "2023-02-10",
        "2023-03-10",
        "2026-12-04",
    ]
    assert [meeting.id for meeting in series] == [e.id for e in series.entries]
    assert len(series) == 4
    assert kommunchef.Series is Series


def test_plain_text_files_with_their_date_are_read(tmp_path: Path) -> None:
    folder = write(tmp_path / "series", FEBRUARY)
    text = kommunchef.export(MARCH, "text").decode("utf-8")
    assert "Datum:" in text
    (folder / "mars.txt").write_text(text, encoding="utf-8")
    series = Series(folder)
    assert [entry.name for entry in series.entries] == ["kcg-2023-02-10.json", "mars.txt"]
    assert list(series)[1].date == MARCH.date


def test_a_file_without_its_date_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "series"
    folder.mkdir()
    (folder / "utan-datum.txt").write_text("Anteckningar\n\n1. Punkt\n\nText.\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"utan-datum\.txt: .*date"):
        _ = Series(folder).entries
    with pytest.raises(LoadError, match="not a folder"):
        Series(tmp_path / "missing")


def test_a_consistent_series_has_no_problems(tmp_path: Path) -> None:
    assert Series(write(tmp_path / "s", FEBRUARY, MARCH)).check() == []


def test_duplicate_ids_and_two_documents_for_one_meeting(tmp_path: Path) -> None:
    copy = attrs.evolve(MARCH, revision=1)
    folder = write(tmp_path / "s", FEBRUARY, MARCH)
    (folder / "copy.json").write_text(kommunchef.dumps(copy), encoding="utf-8")
    problems = Series(folder).check()
    assert any(
        p.severity == "error"
        and p.path.endswith(": id")
        and "'kcg-2023-03-10' is also" in p.message
        for p in problems
    )
    assert any(
        p.severity == "error" and "also the minutes of the meeting on 2023-03-10" in p.message
        for p in problems
    )
    # An agenda and the minutes of one meeting are two kinds of document: no problem.
    agenda = attrs.evolve(
        MARCH, id="kcg-2023-03-10-agenda", kind=DocumentKind.AGENDA, status=MeetingStatus.PLANNED
    )
    assert Series(write(tmp_path / "t", FEBRUARY, MARCH, agenda)).check() == []


def test_a_cancellation_contradicted_by_the_meetings_minutes(tmp_path: Path) -> None:
    april = minutes(dt.date(2023, 4, 14), (item(1, "Budget", "Budgeten."),))
    problems = Series(write(tmp_path / "s", FEBRUARY, MARCH, april)).check()
    assert [(p.severity, p.path) for p in problems] == [
        ("error", "kcg-2023-03-10.json: upcoming[0]")
    ]
    assert "cancelled, but its minutes kcg-2023-04-14.json record it as held" in problems[0].message
    # Reinstated by later minutes: the latest word before the meeting is not a cancellation.
    reinstated = attrs.evolve(
        MARCH,
        id="kcg-2023-03-24",
        date=dt.date(2023, 3, 24),
        start=None,
        end=None,
        agenda=(item(1, "Extra", "Extra möte."),),
        upcoming=(UpcomingMeeting(dt.date(2023, 4, 14), "Kommunchefsgruppen"),),
    )
    assert Series(write(tmp_path / "t", FEBRUARY, MARCH, reinstated, april)).check() == []


def test_a_member_who_disappears_without_note_is_a_warning(tmp_path: Path) -> None:
    march = attrs.evolve(MARCH, present=MEMBERS[:2], recorded_by=Recorder("Peter Lönn"))
    (problem,) = Series(write(tmp_path / "s", FEBRUARY, march)).check()
    assert problem.severity == "warning"
    assert problem.path == "kcg-2023-03-10.json: present"
    assert problem.message.startswith("Greta Berg (GR), a member at the meeting on 2023-02-10")
    # Absent is still attending the group; a note in the minutes explains a departure.
    absent = attrs.evolve(MARCH, present=MEMBERS[:2], absent=MEMBERS[2:])
    assert Series(write(tmp_path / "t", FEBRUARY, absent)).check() == []
    noted = attrs.evolve(
        march,
        agenda=(*march.agenda, item(4, "Avtackning", "Gruppen tackar Greta Berg för hennes tid.")),
    )
    assert Series(write(tmp_path / "u", FEBRUARY, noted)).check() == []


# -- registers --------------------------------------------------------------------------------


def test_follow_ups_are_closed_by_title_or_reference_not_by_standing_items(tmp_path: Path) -> None:
    records = follow_ups(Series(write(tmp_path / "s", FEBRUARY, MARCH)))
    state = {(r.item.date.isoformat(), r.item.number): r.closed_by for r in records}
    closer = state[("2023-02-10", 1)]
    assert closer is not None
    assert (closer.date, closer.number) == (MARCH.date, 1)
    closer = state[("2023-02-10", 3)]
    assert closer is not None
    assert (closer.date, closer.number) == (MARCH.date, 2)
    assert state[("2023-02-10", 2)] is None
    assert state[("2023-03-10", 3)] is None  # "Övriga frågor" in March does not close it
    open_ones = [(r.item.date.isoformat(), r.item.number, r.text) for r in records if r.is_open]
    assert open_ones == OPEN_AFTER_MARCH


def test_only_held_minutes_close_follow_ups(tmp_path: Path) -> None:
    planned = attrs.evolve(
        MARCH, kind=DocumentKind.AGENDA, status=MeetingStatus.PLANNED, id="kcg-2023-03-10-agenda"
    )
    records = follow_ups(Series(write(tmp_path / "s", FEBRUARY, planned)))
    assert all(record.is_open for record in records)


@given(
    titles=st.lists(
        st.sampled_from(["Budget", "Övriga frågor", "Skola", "Rapporter"]), min_size=1, max_size=6
    ),
    later=st.lists(
        st.sampled_from(["Budget", "Övriga frågor", "Skola", "Vård"]), min_size=1, max_size=6
    ),
)
def test_closure_rule_property(titles: list[str], later: list[str]) -> None:
    first = minutes(
        dt.date(2023, 1, 13),
        tuple(item(n, t, "Text.", f"Fråga {n} återkommer.") for n, t in enumerate(titles, 1)),
    )
    second = minutes(
        dt.date(2023, 2, 10), tuple(item(n, t, "Text.") for n, t in enumerate(later, 1))
    )
    documents = [(_entry(first), first), (_entry(second), second)]
    for record in follow_ups(documents):
        expected = record.item.title in later and not is_standing(record.item.title)
        assert record.is_open is not expected
        if not record.is_open:
            assert record.closed_by is not None
            assert record.closed_by.title == record.item.title
            assert record.closed_by.number == later.index(record.item.title) + 1


def _entry(meeting: Meeting) -> Entry:
    return Entry(
        Path(f"{meeting.id}.json"),
        meeting.id,
        meeting.date,
        meeting.kind,
        meeting.status,
        meeting.body,
        meeting.organisation,
    )


def test_registers_in_every_format(tmp_path: Path) -> None:
    series = Series(write(tmp_path / "s", FEBRUARY, MARCH))
    listed = decisions(series)
    assert [(d.item.date, d.item.number, d.text) for d in listed] == [
        (FEBRUARY.date, 1, "Kommunchefsgruppen ställer sig bakom en gemensam utredning.")
    ]
    data = register(series, "follow-ups", "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["datum", "möte", "punkt", "rubrik"]
    assert [row[7] for row in rows[1:]] == ["avslutad", "öppen", "avslutad", "öppen"]
    assert rows[1][8:] == ["2023-03-10", "1", "Visselblåsarfunktion i GR"]
    values = json.loads(register(series, "follow-ups", "json"))
    assert values[1]["status"] == "open"
    assert values[0]["closed_by"]["number"] == 1
    page = register(series, "decisions", "html").decode("utf-8")
    assert '<html lang="sv">' in page
    assert "ställer sig bakom" in page
    with pytest.raises(OptionError):
        format_option("xlsx")


@pytest.mark.client
def test_csv_register_opens_in_libreoffice_calc(tmp_path: Path) -> None:
    soffice = require_client("soffice", "LibreOffice Calc opens the CSV register")
    source = tmp_path / "register.csv"
    source.write_bytes(register(Series(examples_series(tmp_path / "s")), "follow-ups", "csv"))
    out = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            # Comma, double quotes, the character set left to Calc's detection, from row 1.
            "--infilter=CSV:44,34,,1",
            "--convert-to",
            "html:HTML (StarCalc)",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    page = out / "register.html"
    if not page.is_file():
        skip_or_fail("LibreOffice could not convert the CSV (is Calc installed?)")
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", page.read_text(encoding="utf-8", errors="replace"))
    assert cells[0] == "datum"  # the byte-order mark is not read as a character
    assert "möte" in cells
    assert "uppföljning" in cells
    assert "Lägesrapport från dataskyddsombuden" in cells
    assert "öppen" in cells
    assert "avslutad" in cells
    assert not any("Ã" in cell for cell in cells)


# -- agenda drafting --------------------------------------------------------------------------


def test_draft_agenda_items_are_exactly_the_open_follow_ups(tmp_path: Path) -> None:
    folder = write(tmp_path / "s", FEBRUARY, MARCH)
    draft = draft_agenda(Series(folder))
    assert draft.kind is DocumentKind.AGENDA
    assert draft.status is MeetingStatus.PLANNED
    assert draft.date == dt.date(2023, 5, 12)  # April is cancelled
    assert draft.location == "GR, Anders Personsgatan 8"
    assert draft.start is not None
    assert draft.start.hour == 9
    assert draft.present == MEMBERS
    *items, closing = draft.agenda
    assert closing.title == "Kommande möten"
    assert [i.title for i in items] == [
        "Kompetensförsörjning",
        "Uppföljning från mötet 2023-03-10, punkt 3",
    ]
    texts = [str(i.body[0].text) for i in items if isinstance(i.body[0], Paragraph)]
    assert texts == [
        f"Från mötet {day}, punkt {number} ({title}): {text}"
        for (day, number, text), title in zip(
            OPEN_AFTER_MARCH, ["Kompetensförsörjning", "Övriga frågor"]
        )
    ]
    assert [p for p in kommunchef.validate(draft) if p.severity == "error"] == []
    # Minutes written from the draft close what it lists.
    held = attrs.evolve(
        draft,
        id="kcg-2023-05-12",
        kind=DocumentKind.MINUTES,
        status=MeetingStatus.HELD,
        upcoming=(),
    )
    later = follow_ups(Series(write(tmp_path / "s", held)))
    assert not any(r.is_open for r in later if r.item.date < held.date)


def test_draft_agenda_of_the_examples_and_test_minutes(tmp_path: Path) -> None:
    series = Series(examples_series(tmp_path / "s"))
    open_ones = [r for r in follow_ups(series) if r.is_open]
    draft = draft_agenda(series)
    assert draft.date == dt.date(2027, 1, 15)
    assert len(draft.agenda) == len(open_ones) + 1
    for agenda_item, record in zip(draft.agenda, open_ones):
        assert f"{record.item.date.isoformat()}, punkt {record.item.number}" in str(
            agenda_item.body[0]
        )
        assert record.text in str(agenda_item.body[0])
    for format in ("json", "html", "docx", "text"):
        assert kommunchef.export(draft, format)


def test_draft_agenda_for_a_chosen_day_and_errors(tmp_path: Path) -> None:
    series = Series(write(tmp_path / "s", FEBRUARY, MARCH))
    on_day = draft_agenda(series, date=dt.date(2023, 3, 10), meeting_id="kcg-dagordning")
    assert on_day.id == "kcg-dagordning"
    assert on_day.start is not None
    assert [i.title for i in on_day.agenda][:-1] == [
        "Visselblåsarfunktion i GR",
        "Kompetensförsörjning",
        "Uppföljning från mötet 2023-02-10, punkt 3",
    ]
    with pytest.raises(AgendaError, match="cancelled"):
        draft_agenda(series, date=dt.date(2023, 4, 14))
    with pytest.raises(AgendaError, match="no minutes of a held meeting before 2023-01-01"):
        draft_agenda(series, date=dt.date(2023, 1, 1))


# -- search -----------------------------------------------------------------------------------


def test_search_finds_swedish_words_prefixes_and_ranks(tmp_path: Path) -> None:
    series = Series(examples_series(tmp_path / "s"))
    hits = search(series, "visselblåsarfunktion")
    assert hits[0].title == "Visselblåsarfunktion i GR"
    assert {hit.date for hit in hits[:2]} == {FEBRUARY.date, MARCH.date}
    assert all("[visselblåsarfunktion]" in h.snippet.lower() for h in hits)
    prefixed = search(series, "visselblås*")
    assert {h.date for h in prefixed} >= {dt.date(2021, 10, 8), FEBRUARY.date, MARCH.date}
    # å, ä and ö are letters of their own: "ar" does not find "år".
    assert search(series, "vard") == []
    assert search(series, "vård")
    assert search(series, '"nära vård"')[0].date == dt.date(2021, 10, 8)
    with pytest.raises(SearchError):
        search(series, " - * ")


def test_search_index_is_incremental_and_versioned(tmp_path: Path) -> None:
    folder = write(tmp_path / "s", FEBRUARY, MARCH)
    index = SearchIndex(Series(folder))
    assert index.update() == UpdateStats(read=2, removed=0, unchanged=0)
    assert index.path == folder / INDEX_NAME
    assert index.path.is_file()
    assert index.update() == UpdateStats(read=0, removed=0, unchanged=2)
    changed = attrs.evolve(MARCH, agenda=(item(1, "Ny rubrik", "Solceller på taken."),))
    (folder / "kcg-2023-03-10.json").write_text(kommunchef.dumps(changed), encoding="utf-8")
    os.utime(folder / "kcg-2023-03-10.json", ns=(1, 1))
    assert index.update() == UpdateStats(read=1, removed=0, unchanged=1)
    assert index.search("solceller")[0].title == "Ny rubrik"
    assert index.search("utredningen") == []
    (folder / "kcg-2023-02-10.json").unlink()
    assert index.search("visselblås*") == []
    # An index of another format version, or not an index at all, is rebuilt.
    with sqlite3.connect(index.path) as connection:
        connection.execute("PRAGMA user_version = 999")
    connection.close()
    assert index.update().read == 1
    index.path.write_bytes(b"garbage" * 100)
    assert index.update().read == 1


def test_fts_query_never_makes_a_syntax_error() -> None:
    assert fts_query('covid-19 "nära vård" visselblås*') == (
        '"covid" AND "19" AND "nära vård" AND "visselblås"*'
    )


@given(st.text(max_size=30))
def test_any_query_is_safe(tmp_path_factory: pytest.TempPathFactory, query: str) -> None:
    try:
        expression = fts_query(query)
    except SearchError:
        return
    with sqlite3.connect(":memory:") as connection:
        connection.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        connection.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()
    connection.close()


# -- the command line -------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_check_agenda_register_search(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(write(tmp_path / "s", FEBRUARY, MARCH))
    assert run(capsys, "check", folder) == (0, "", "")
    next_file = tmp_path / "next.json"
    assert run(capsys, "agenda", folder, "-o", str(next_file))[0] == 0
    assert kommunchef.load(next_file) == draft_agenda(Series(folder))
    status, out, _ = run(capsys, "agenda", folder, "--date", "2023-03-10")
    assert status == 0
    assert kommunchef.loads(out).date == MARCH.date
    status, _, err = run(capsys, "agenda", folder, "--date", "2023-04-14")
    assert status == 1
    assert "cancelled" in err
    assert "Traceback" not in err
    status, out, _ = run(capsys, "register", folder, "follow-ups", "-f", "json")
    assert status == 0
    assert len(json.loads(out)) == 4
    out_csv = tmp_path / "decisions.csv"
    assert run(capsys, "register", folder, "decisions", "-o", str(out_csv))[0] == 0
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbfdatum,")
    status, out, _ = run(capsys, "search", folder, "visselblåsarfunktion")
    assert status == 0
    assert "2023-02-10  kcg-2023-02-10  punkt 1: Visselblåsarfunktion i GR\n" in out
    status, out, _ = run(capsys, "search", folder, "visselblås*", "--json")
    assert status == 0
    assert "2023-02-10" in [hit["date"] for hit in json.loads(out)]
    assert run(capsys, "search", folder, "ingenting")[0] == 1
    assert run(capsys, "search", folder, "visselblås*", "--no-update")[0] == 0


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", str(tmp_path / "missing"))
    assert status == 1
    assert err.count("\n") == 1
    assert "not a folder" in err
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.json").write_text("{", encoding="utf-8")
    status, _, err = run(capsys, "search", str(broken), "ord")
    assert status == 1
    assert "x.json" in err
    assert err.count("\n") == 1
    status, _, err = run(capsys, "register", str(tmp_path), "decisions", "-f", "pdf")
    assert status == 1
    assert "csv, json or html" in err


def test_cli_export_of_a_folder_to_a_non_calendar_format_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(write(tmp_path / "s", FEBRUARY, MARCH))
    # Formats without a series writer keep writing one file per meeting into a folder.
    assert run(capsys, "export", folder, "-f", "json", "-o", str(tmp_path / "out"))[0] == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "kcg-2023-02-10.json",
        "kcg-2023-03-10.json",
    ]


def test_series_benchmark_runs(tmp_path: Path) -> None:
    # Only that it runs and reports every figure; the figures of --quick mean nothing.
    out = tmp_path / "series.json"
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "series.py"
    result = subprocess.run(
        [sys.executable, str(script), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert [row["meetings"] for row in figures["rows"]] == [20, 40]
    assert all(row["search_p95_ms"] > 0 for row in figures["rows"])


def test_walk_gives_the_files_of_scan_one_at_a_time(tmp_path: Path) -> None:
    for name in ("b.json", "a.json", ".hidden.json", "notes.bin"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "folder.json").mkdir()
    series = Series(tmp_path)
    walked = series.walk()
    assert iter(walked) is walked  # a generator, not a list
    assert sorted((path, status.st_ino) for path, status in walked) == [
        (path, status.st_ino) for path, status in series.scan()
    ]
    assert [path.name for path in series.files()] == ["a.json", "b.json"]


# The rule of kommunchef.register, written the plain way: every earlier follow-up is looked
# at for every item. The ledger must agree with it on any series.
_TITLES = ("Budget", "budget.", "Övriga frågor", "Skola", "Rapporter från GR")


def _closing_item(
    raised: tuple[dt.date, int, str], later: list[tuple[dt.date, bool, list[tuple[int, str, str]]]]
) -> tuple[dt.date, int] | None:
    day, number, title = raised
    for meeting_day, held, items in later:
        if not held or meeting_day <= day:
            continue
        for item_number, item_title, text in items:
            named = f"{day.isoformat()}, punkt {number}" in text
            same = not is_standing(title) and " ".join(item_title.split()).casefold().rstrip(
                " .:;"
            ) == " ".join(title.split()).casefold().rstrip(" .:;")
            if named or same:
                return meeting_day, item_number
    return None


@given(
    st.lists(
        st.tuples(
            st.integers(0, 6),  # days after the first meeting
            st.booleans(),  # held minutes (or an agenda)
            st.lists(
                st.tuples(st.sampled_from(_TITLES), st.integers(0, 3), st.booleans()),
                min_size=1,
                max_size=3,
            ),
        ),
        max_size=6,
    )
)
def test_the_follow_up_ledger_closes_as_the_plain_rule_does(
    plan: list[tuple[int, bool, list[tuple[str, int, bool]]]],
) -> None:
    first = dt.date(2024, 1, 1)
    documents = []
    fed: list[tuple[dt.date, bool, list[tuple[int, str, str]]]] = []
    for number, (offset, held, items) in enumerate(sorted(plan, key=lambda p: p[0])):
        day = first + dt.timedelta(days=offset)
        agenda = []
        texts = []
        for position, (title, refer, follow) in enumerate(items, start=1):
            target = first + dt.timedelta(days=refer)
            text = f"Se {target.isoformat()}, punkt {position}." if refer else "Text."
            texts.append((position, title, f"{title}\n{text}"))
            agenda.append(
                AgendaItem(
                    number=position,
                    title=title,
                    body=(Paragraph(text),),
                    follow_ups=(FollowUp(f"Följ upp {position}"),) if follow else (),
                )
            )
        kind = DocumentKind.MINUTES if held else DocumentKind.AGENDA
        meeting = Meeting(id=f"m{number}", date=day, kind=kind, agenda=tuple(agenda))
        entry = Entry.of_meeting(Path(f"m{number}.json"), meeting)
        documents.append((entry, meeting))
        fed.append((day, held, texts))
    expected = []
    for index, (_, meeting) in enumerate(documents):
        for item in meeting.agenda:
            for _ in item.follow_ups:
                closing = _closing_item((meeting.date, item.number, item.title), fed[index + 1 :])
                expected.append(closing)
    # The ledger closes its latest follow-ups in memory and earlier ones in its database,
    # past a filter of their keys: each way, and with a filter that is always in doubt.
    for batch, slots in ((256, 1 << 18), (1, 1 << 18), (2, 4)):
        with (
            patch.object(kommunchef.register, "_BATCH", batch),
            patch.object(KeyFilter, "SLOTS", slots),
        ):
            records = follow_ups(documents)
        found = [
            None if record.closed_by is None else (record.closed_by.date, record.closed_by.number)
            for record in records
        ]
        assert found == expected


@given(st.lists(st.text(max_size=3), max_size=40), st.lists(st.text(max_size=3), max_size=40))
def test_a_key_filter_never_forgets_a_key_it_holds(kept: list[str], gone: list[str]) -> None:
    with patch.object(KeyFilter, "SLOTS", 16):  # small: slots are shared, as they are when full
        keys = KeyFilter()
        keys.add([*kept, *gone])
        keys.remove(gone)
        assert all(keys.may_hold(key) for key in kept)
    keys = KeyFilter()
    keys.add(["a"] * 300)  # a full count stays full
    keys.remove(["a"] * 300)
    assert keys.may_hold("a")
    assert not KeyFilter().may_hold("a")
