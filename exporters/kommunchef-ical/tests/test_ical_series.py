"""One identity per meeting occurrence: consecutive minutes and the series calendar agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from icalendar import Calendar, Component
from kommunchef_ical import exporter, meeting_uid, upcoming_uids

from kommunchef import AgendaItem, Meeting, Paragraph, Person, Recorder, UpcomingMeeting, dumps
from kommunchef.cli import main
from kommunchef.identity import sequence
from kommunchef.series import Series

DOMAIN = "kommunchef.goteborgsregionen.se"
PEOPLE = (Person("Greta Berg", "GR"),)


def minutes(day: dt.date, *upcoming: UpcomingMeeting) -> Meeting:
    return Meeting(
        id=f"kcg-{day.isoformat()}",
        date=day,
        present=PEOPLE,
        agenda=(AgendaItem(1, "Budget", body=(Paragraph(("Text.",)),)),),
        upcoming=upcoming,
        recorded_by=Recorder("Greta Berg"),
    )


APRIL = dt.date(2023, 4, 14)
FEBRUARY = minutes(
    dt.date(2023, 2, 10),
    UpcomingMeeting(dt.date(2023, 3, 10), "Kommunchefsgruppen"),
    UpcomingMeeting(APRIL, "Kommunchefsgruppen", end_date=dt.date(2023, 4, 15)),
)
MARCH = minutes(
    dt.date(2023, 3, 10),
    UpcomingMeeting(APRIL, "Kommunchefsgruppen", end_date=dt.date(2023, 4, 15), cancelled=True),
)


def events(data: bytes) -> dict[str, Component]:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_consecutive_minutes_give_one_uid_per_meeting() -> None:
    february, march = events(exporter.export(FEBRUARY)), events(exporter.export(MARCH))
    april = f"kommunchefsgruppen.gr.20230414@{DOMAIN}"
    assert april in february
    assert april in march
    # The March meeting announced in February is the event of the March minutes themselves.
    assert f"kommunchefsgruppen.gr.20230310@{DOMAIN}" in february
    assert meeting_uid(MARCH) == f"kommunchefsgruppen.gr.20230310@{DOMAIN}"
    # The later minutes' cancellation outranks the earlier invitation.
    assert str(march[april]["STATUS"]) == "CANCELLED"
    assert int(str(march[april]["SEQUENCE"])) > int(str(february[april]["SEQUENCE"]))


def test_sequence_grows_with_the_document_date_and_revision() -> None:
    assert sequence(MARCH, cancelled=False) > sequence(
        attrs.evolve(FEBRUARY, revision=50), cancelled=True
    )
    assert (
        sequence(attrs.evolve(MARCH, revision=1), cancelled=False)
        > sequence(MARCH, cancelled=True) - 1
    )
    assert sequence(MARCH, cancelled=True) == sequence(MARCH, cancelled=False) + 1


def test_the_document_scheme_keeps_the_old_uids() -> None:
    old = events(exporter.export(FEBRUARY, uids="document"))
    assert set(old) == {
        f"kcg-2023-02-10@{DOMAIN}",
        f"kcg-2023-02-10.20230310@{DOMAIN}",
        f"kcg-2023-02-10.20230414@{DOMAIN}",
    }
    assert upcoming_uids(FEBRUARY, "document")[0] == f"kcg-2023-02-10.20230310@{DOMAIN}"


def test_an_entry_on_the_documents_own_day_is_the_meeting_itself() -> None:
    explicit = attrs.evolve(
        FEBRUARY, upcoming=(UpcomingMeeting(FEBRUARY.date, "Kommunchefsgruppen", id="kcg-feb"),)
    )
    assert set(events(exporter.export(explicit))) == {f"kcg-feb@{DOMAIN}"}
    assert set(events(exporter.export(explicit, scope="upcoming"))) == {f"kcg-feb@{DOMAIN}"}


def test_series_calendar_has_one_event_per_meeting(tmp_path: Path) -> None:
    folder = tmp_path / "serie"
    folder.mkdir()
    for meeting in (FEBRUARY, MARCH):
        (folder / f"{meeting.id}.json").write_text(dumps(meeting), encoding="utf-8")
    data = Series(folder).export("ics")
    found = events(data)
    assert sorted(found) == [
        f"kommunchefsgruppen.gr.20230210@{DOMAIN}",
        f"kommunchefsgruppen.gr.20230310@{DOMAIN}",
        f"kommunchefsgruppen.gr.20230414@{DOMAIN}",
    ]
    april = found[f"kommunchefsgruppen.gr.20230414@{DOMAIN}"]
    assert str(april["STATUS"]) == "CANCELLED"
    assert int(str(april["SEQUENCE"])) == sequence(MARCH, cancelled=True)
    march = found[f"kommunchefsgruppen.gr.20230310@{DOMAIN}"]
    assert int(str(march["SEQUENCE"])) == sequence(MARCH, cancelled=False)  # its own minutes win
    assert "Budget" in str(march["DESCRIPTION"])
    calendar = Calendar.from_ical(data)
    assert str(calendar["UID"]) == f"serie.series@{DOMAIN}"


def test_explicit_ids_also_name_the_meetings_own_documents(tmp_path: Path) -> None:
    folder = tmp_path / "serie"
    folder.mkdir()
    announced = attrs.evolve(
        FEBRUARY,
        upcoming=(UpcomingMeeting(dt.date(2023, 3, 10), "Kommunchefsgruppen", id="kcg-mars"),),
    )
    for meeting in (announced, MARCH):
        (folder / f"{meeting.id}.json").write_text(dumps(meeting), encoding="utf-8")
    found = events(Series(folder).export("ics"))
    assert f"kcg-mars@{DOMAIN}" in found
    assert f"kommunchefsgruppen.gr.20230310@{DOMAIN}" not in found
    assert "Budget" in str(found[f"kcg-mars@{DOMAIN}"]["DESCRIPTION"])


def test_export_of_a_folder_to_one_ics_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "serie"
    folder.mkdir()
    files = []
    for meeting in (FEBRUARY, MARCH):
        path = folder / f"{meeting.id}.json"
        path.write_text(dumps(meeting), encoding="utf-8")
        files.append(str(path))
    out = tmp_path / "calendar.ics"
    assert main(["export", str(folder), "-f", "ics", "-o", str(out)]) == 0
    assert out.is_file()
    assert len(events(out.read_bytes())) == 3
    # Several files with an .ics output are one calendar too, not a folder named x.ics.
    other = tmp_path / "x.ics"
    assert main(["export", *files, "-o", str(other)]) == 0
    assert other.is_file()
    assert events(other.read_bytes()).keys() == events(out.read_bytes()).keys()
    assert main(["export", str(folder), "-f", "ics", "-o", str(out)]) == 1  # exists
    assert "exists" in capsys.readouterr().err
    assert (
        main(["export", str(folder), "-f", "ics", "-o", str(out), "-O", "uids=document", "--force"])
        == 0
    )
    assert f"kcg-2023-02-10.20230414@{DOMAIN}" in events(out.read_bytes())
