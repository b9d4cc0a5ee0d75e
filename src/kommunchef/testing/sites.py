"""A series of meetings to build sites from, for tests and benchmarks: decisions, follow-ups
that later meetings close, a cancelled meeting, a planned agenda, and contact details (e-mail
addresses, phone numbers, ``mailto:`` links, a private guest) for a publication profile to
remove."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import kommunchef
from kommunchef import (
    AgendaItem,
    DocumentKind,
    FollowUp,
    Link,
    Meeting,
    MeetingStatus,
    Paragraph,
    Person,
    UpcomingMeeting,
)

SITE_TODAY = dt.date(2023, 6, 1)
"""The day the site tests build on: some meetings are past, some coming."""


def generated_meeting(number: int, day: dt.date, **changes: object) -> Meeting:
    """A meeting with decisions, follow-ups and contact details to remove."""
    members = (
        Person("Maria Reinholdsson", "Ale", email="maria.reinholdsson@example.org"),
        Person("Peter Lönn", "Härryda", "kommundirektör", "peter.lonn@example.org"),
    )
    guest = Person("Sven Privatsson", "Medborgare", email=f"sven{number}@example.net")
    text = (
        f"Frågor till Anna på 070-123 45 {number:02d} eller ",
        Link("skriv till oss", f"mailto:kansli{number}@example.org"),
        ".",
    )
    fields: dict[str, object] = {
        "id": f"kcg-{day.isoformat()}",
        "date": day,
        "present": members,
        "guests": (guest,),
        "agenda": (
            AgendaItem(
                1,
                "Kompetensförsörjning" if number % 2 else "Visselblåsarfunktion i GR",
                body=(Paragraph(text),),
                decisions=(Paragraph((f"Gruppen beslutar att gå vidare med del {number}.",)),),
                follow_ups=(FollowUp(f"Frågan återkommer ({number}).", owner="GR"),),
            ),
            AgendaItem(2, "Övriga frågor", body=(Paragraph(("Inga övriga frågor.",)),)),
        ),
        "upcoming": (
            UpcomingMeeting(day + dt.timedelta(days=35), "Kommunchefsgruppen", location="GR"),
        ),
    }
    fields.update(changes)
    return Meeting(**fields)  # type: ignore[arg-type]


def write_series(folder: Path, examples: tuple[Path, ...] = ()) -> Path:
    """``examples`` (copied) and generated meetings over two years, one cancelled, and a
    planned agenda just after :data:`SITE_TODAY`."""
    folder.mkdir(parents=True, exist_ok=True)
    for example in examples:
        shutil.copy(example, folder / example.name)
    start = dt.date(2022, 9, 2)
    for number in range(6):
        day = start + dt.timedelta(days=35 * number)
        changes: dict[str, object] = {}
        if number == 4:
            changes = {"status": MeetingStatus.CANCELLED}
        meeting = generated_meeting(number, day, **changes)
        (folder / f"{meeting.id}.json").write_text(kommunchef.dumps(meeting), encoding="utf-8")
    planned = generated_meeting(
        9, dt.date(2023, 6, 9), kind=DocumentKind.AGENDA, status=MeetingStatus.PLANNED
    )
    (folder / "kcg-2023-06-09-agenda.json").write_text(kommunchef.dumps(planned), "utf-8")
    return folder
