"""Meetings for the benchmarks: the seed example and generated meetings of any size.

Generated meetings look like real minutes (agenda items with presenters, paragraphs with
links, sub-headings, nested bullet and numbered lists, decisions and follow-ups) and are
deterministic, so every run measures the same documents. They pass ``kommunchef validate``
without errors.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from kommunchef import Meeting
from kommunchef.serialization import from_dict

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "kcg-2021-10-08.json"
"""The real meeting every per-format comparison uses."""

_FIRST = [
    "Maria",
    "Anna",
    "Eva",
    "Karin",
    "Lena",
    "Kerstin",
    "Sara",
    "Malin",
    "Ingrid",
    "Helena",
    "Johan",
    "Per",
    "Lars",
    "Anders",
    "Mikael",
    "Erik",
    "Peter",
    "Magnus",
    "Karl",
    "Jonas",
    "Sofia",
    "Emma",
    "Linnea",
    "Ulf",
    "Rickard",
]
_LAST = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Lindqvist",
    "Lönn",
    "Bäckström",
    "Söderbäck",
    "Åberg",
]
_ORGANISATIONS = [
    "Ale",
    "Alingsås",
    "Göteborg",
    "Härryda",
    "Kungsbacka",
    "Kungälv",
    "Lerum",
    "Mölndal",
    "Partille",
    "Stenungsund",
    "Tjörn",
    "Öckerö",
    "GR",
    "VGR",
]
_TITLES = ("kommundirektör", "stadsdirektör", "förbundsdirektör", "utvecklingsledare")

_TEXT = (
    "Diskussion förs kring regionens och kommunernas gemensamma genomförande av den regionala "
    "utvecklingsstrategin. Andra frågor som tas upp är remisser kring nytt hälso- och "
    "sjukvårdsavtal samt färdplan nära vård, och gruppen betonar vikten av fortsatt dialog."
)


def _name(index: int) -> str:
    # Unique for every index: the last name cycles fastest, the first name after it, and a
    # middle initial separates the rounds.
    first = _FIRST[(index // len(_LAST)) % len(_FIRST)]
    last = _LAST[index % len(_LAST)]
    round_ = index // (len(_LAST) * len(_FIRST))
    middle = f" {chr(ord('A') + round_ % 26)}{round_ // 26 or ''}" if round_ else ""
    return f"{first}{middle} {last}"


def _person(index: int, *, title: bool = False) -> dict[str, str]:
    person = {"name": _name(index), "organisation": _ORGANISATIONS[index % len(_ORGANISATIONS)]}
    if title:
        person["title"] = _TITLES[index % len(_TITLES)]
    return person


def _item(number: int, present: list[dict[str, str]], date: dt.date) -> dict[str, Any]:
    presenters = [present[(2 * number) % len(present)], present[(2 * number + 1) % len(present)]]
    link = {"text": f"underlag {number}", "url": f"https://goteborgsregionen.se/arende/{number}"}
    return {
        "number": number,
        "title": f"Ärende {number}: samverkan kring kompetensförsörjning och digitalisering",
        "presenters": presenters,
        "body": [
            {"type": "paragraph", "content": [_TEXT + " Se ", link, " inför mötet."]},
            {"type": "heading", "text": "Ur diskussionen"},
            {
                "type": "bullet_list",
                "items": [
                    {"content": ["Kommunerna delar erfarenheter av arbetet."]},
                    {
                        "content": ["Frågor som lyfts:"],
                        "sublist": {
                            "type": "bullet_list",
                            "items": [
                                {"content": ["finansiering och resurser"]},
                                {"content": ["ägarskap i kommunerna"]},
                            ],
                        },
                    },
                    {"content": ["Gruppen ger vägledning i det fortsatta arbetet."]},
                ],
            },
            {
                "type": "numbered_list",
                "items": [
                    {"content": ["Ta fram ett gemensamt underlag."]},
                    {"content": ["Återrapportera till kommunchefsgruppen."]},
                ],
            },
        ],
        "decisions": [{"content": ["Kommunchefsgruppen ställer sig bakom inriktningen."]}],
        "follow_ups": [
            {
                "text": "Frågan återkommer vid ett kommande möte.",
                "owner": presenters[0]["name"],
                "due": (date + dt.timedelta(days=30 + number % 60)).isoformat(),
            }
        ],
    }


def meeting_document(
    items: int, participants: int, *, index: int = 0, date: dt.date | None = None
) -> dict[str, Any]:
    """A meeting as a JSON-ready dict: ``items`` agenda items and ``participants`` people.

    Two thirds of the participants are present, the rest are guests with titles; three
    members are absent. ``index`` makes the id (and the date) of each batch meeting unique.
    """
    if items < 1 or participants < 3:
        raise ValueError("a generated meeting needs an agenda item and three participants")
    day = date or dt.date(2021, 10, 8) + dt.timedelta(days=7 * index)
    n_present = max(2, participants * 2 // 3)
    present = [_person(i) for i in range(n_present)]
    guests = [_person(i, title=True) for i in range(n_present, participants)]
    absent = [_person(participants + i) for i in range(3)]
    start = dt.datetime.combine(day, dt.time(9, 0)).isoformat() + "+02:00"
    end = dt.datetime.combine(day, dt.time(12, 0)).isoformat() + "+02:00"
    return {
        "format_version": 1,
        "id": f"kcg-bench-{index:05d}-{items}-{participants}",
        "date": day.isoformat(),
        "start": start,
        "end": end,
        "location": "Göteborgsregionen, Anders Personsgatan 8",
        "url": "https://goteborgsregionen.se/kommunchefsgruppen",
        "present": present,
        "absent": absent,
        "guests": guests,
        "agenda": [_item(n, present, day) for n in range(1, items + 1)],
        "upcoming": [
            {
                "date": (day + dt.timedelta(days=34)).isoformat(),
                "end_date": (day + dt.timedelta(days=35)).isoformat(),
                "title": "Kommunchefsgruppens lunch till lunch-möte",
                "location": "Stenungsbaden",
            },
            {
                "date": (day + dt.timedelta(days=63)).isoformat(),
                "start_time": "09:00",
                "end_time": "12:00",
                "title": "Kommunchefsgruppen",
            },
        ],
        "recorded_by": {"name": present[0]["name"], "title": "Förbundssekreterare"},
    }


def generated_meeting(items: int, participants: int, *, index: int = 0) -> Meeting:
    """The generated meeting as a model object."""
    return from_dict(meeting_document(items, participants, index=index))


def seed_meeting() -> Meeting:
    """The seed example, ``examples/kcg-2021-10-08.json``."""
    return from_dict(json.loads(SEED.read_text(encoding="utf-8")))


def write_batch(folder: Path, count: int, *, items: int = 6, participants: int = 21) -> list[Path]:
    """Write ``count`` generated meetings (seed-sized by default) as JSON files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"meeting-{index:05d}.json"
        document = meeting_document(items, participants, index=index)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths
