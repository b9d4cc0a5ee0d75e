"""The upcoming-meeting grammar, follow-ups that keep their paragraphs, and linear reading."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import warnings

import pytest

from kommunchef import UpcomingMeeting
from kommunchef.plaintext import TextFormatError, TextFormatWarning, format_text, parse_text

DAY = dt.date(2022, 1, 10)
HEAD = "Anteckningar\n\nNÄRVARANDE\n\nMaria Reinholdsson, Ale\n\n1. Kommande möten\n\n"


def upcoming(line: str) -> UpcomingMeeting:
    meeting = parse_text(HEAD + line + "\n", date=DAY)
    assert len(meeting.upcoming) == 1, meeting.upcoming
    return meeting.upcoming[0]


# The lines of GR's minutes that were read wrong (issue examples) -------------------------------


def test_a_comma_inside_a_sentence_is_no_place() -> None:
    found = upcoming(
        "- 20 maj – dialogdag med Västra Götalandsregionen. Förslag på dialogpunkter är "
        "regionens utvecklingsuppdrag, energiförsörjning, stadsutveckling samt klimat och miljö."
    )
    assert found == UpcomingMeeting(
        dt.date(2022, 5, 20),
        "dialogdag med Västra Götalandsregionen",
        note="Förslag på dialogpunkter är regionens utvecklingsuppdrag, energiförsörjning, "
        "stadsutveckling samt klimat och miljö.",
    )


def test_cancellation_before_the_title_cancels_what_it_names() -> None:
    found = upcoming(
        "- 17 juni – INSTÄLLD LUNCH-LUNCH. Istället blir det ett ordinarie kommunchefsmöte "
        "och lunch-lunchen flyttas fram."
    )
    assert found == UpcomingMeeting(
        dt.date(2022, 6, 17),
        "LUNCH-LUNCH",
        cancelled=True,
        note="Istället blir det ett ordinarie kommunchefsmöte och lunch-lunchen flyttas fram.",
    )


def test_cancellation_word_as_a_sentence_of_its_own() -> None:
    found = upcoming("- 12 maj – INSTÄLLD. Ersätts av dialogdag med VGR den 26 maj.")
    assert found == UpcomingMeeting(
        dt.date(2022, 5, 12),
        "Kommunchefsgruppen",
        cancelled=True,
        note="Ersätts av dialogdag med VGR den 26 maj.",
    )
    written = format_text(parse_text(HEAD + "- 12 maj – INSTÄLLD. Ersätts av x.\n", date=DAY))
    assert "– INSTÄLLT: Kommunchefsgruppen – Ersätts av x." in written
    assert ": ." not in written
    assert "– ." not in written


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "- 4 februari – INSTÄLLT",
            UpcomingMeeting(dt.date(2022, 2, 4), "Kommunchefsgruppen", cancelled=True),
        ),
        (
            "- 4 februari – Inställt: Styrgruppen",
            UpcomingMeeting(dt.date(2022, 2, 4), "Styrgruppen", cancelled=True),
        ),
        (
            "- 4 februari – Styrgruppen – INSTÄLLT: flyttas",
            UpcomingMeeting(dt.date(2022, 2, 4), "Styrgruppen", cancelled=True, note="flyttas"),
        ),
        (
            "- 4 februari – Extra möte (inställt)",
            UpcomingMeeting(dt.date(2022, 2, 4), "Extra möte", cancelled=True),
        ),
        (
            "- 4 februari – INSTÄLLD, ersätts av ett digitalt möte",
            UpcomingMeeting(
                dt.date(2022, 2, 4),
                "Kommunchefsgruppen",
                cancelled=True,
                note="ersätts av ett digitalt möte",
            ),
        ),
        (
            "- 4 februari – Internat på Stenungsbaden",
            UpcomingMeeting(dt.date(2022, 2, 4), "Internat", location="Stenungsbaden"),
        ),
        (
            "- 4 februari – Möte i Kungsbacka",
            UpcomingMeeting(dt.date(2022, 2, 4), "Möte", location="Kungsbacka"),
        ),
        (
            "- 4 februari – Möte i regionens lokaler",
            UpcomingMeeting(dt.date(2022, 2, 4), "Möte i regionens lokaler"),
        ),
        (
            "- 4 februari – Kommunchefsgruppen, Göteborg",
            UpcomingMeeting(dt.date(2022, 2, 4), "Kommunchefsgruppen", location="Göteborg"),
        ),
        (
            "- 4 februari – Kommunchefsgruppen, GR:s lokaler",
            UpcomingMeeting(dt.date(2022, 2, 4), "Kommunchefsgruppen, GR:s lokaler"),
        ),
        (
            "- 4 februari – Möte. Plats: Stora salen. Ta med lunch.",
            UpcomingMeeting(
                dt.date(2022, 2, 4), "Möte", location="Stora salen", note="Ta med lunch."
            ),
        ),
        (
            "- 4 februari kl. 9.00–12.00 – Möte – Plats: GR – Ta med lunch",
            UpcomingMeeting(
                dt.date(2022, 2, 4),
                "Möte",
                start_time=dt.time(9),
                end_time=dt.time(12),
                location="GR",
                note="Ta med lunch",
            ),
        ),
    ],
)
def test_the_grammar(line: str, expected: UpcomingMeeting) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", TextFormatWarning)
        assert upcoming(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "- 4 februari – Möte inställt pga sjukdom",
        "- 4 februari – Styrgruppen – Lunchen är inställd",
        "- 4 februari – INSTÄLLT: Styrgruppen (inställt)",
    ],
)
def test_a_line_read_without_confidence_is_kept_whole_with_a_warning(line: str) -> None:
    with pytest.warns(TextFormatWarning, match=r"line 9: .*kept whole as the title"):
        found = upcoming(line)
    assert found == UpcomingMeeting(dt.date(2022, 2, 4), line.split(" – ", 1)[1])
    assert not found.cancelled
    assert found.location is None


def test_every_grammar_line_is_written_back_to_the_same_meeting() -> None:
    lines = [
        "- 20 maj – dialogdag med VGR. Förslag på dialogpunkter är klimat, energi och miljö.",
        "- 17 juni – INSTÄLLD LUNCH-LUNCH. Istället blir det ett ordinarie möte.",
        "- 12 maj – INSTÄLLD. Ersätts av dialogdag med VGR den 26 maj.",
        "- 3 mars kl. 13.00 – Möte i Kungsbacka – Ta med dator",
        "- 4 mars – Möte. Plats: Stora salen.",
    ]
    meeting = parse_text(HEAD + "\n".join(lines) + "\n", date=DAY)
    again = parse_text(format_text(meeting), date=DAY)
    assert again == meeting
    # The item whose bullets all became upcoming meetings is kept (empty) and written back.
    assert meeting.item(1).body == ()
    assert format_text(meeting).count("1. Kommande möten") == 1


# Follow-ups keep their paragraphs ----------------------------------------------------------------


def test_import_then_text_export_keeps_the_authors_paragraphs() -> None:
    text = (
        "Anteckningar\n\nNÄRVARANDE\n\nMaria Reinholdsson, Ale\n\n1. Rapporter\n\n"
        "Förslag framkommer om en visselblåsarfunktion från 1 januari 2022. Gruppen återkommer "
        "till denna diskussion vid ett kommande möte.\n\n"
        "Frågan om lokaler återkommer vid ett kommande möte.\n"
    )
    meeting = parse_text(text, date=DAY)
    assert [f.text for f in meeting.item(1).follow_ups] == [
        "Gruppen återkommer till denna diskussion vid ett kommande möte.",
        "Frågan om lokaler återkommer vid ett kommande möte.",
    ]
    written = format_text(meeting)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert [p.strip() for p in written.split("\n\n") if p.strip()] == [
        p.strip() for p in paragraphs
    ]
    assert parse_text(written, date=DAY) == meeting


# Linear time on hostile lines (issue: a 400,000-space line took 139 s) ---------------------------

PAD = " " * 400_000
HOSTILE = {
    "person": "Anteckningar\n\nNÄRVARANDE\n\nName, GR, T" + PAD + "x\n",
    "follow-up": HEAD.replace("Kommande möten", "X") + "Frågan återkommer vid" + PAD + "x\n",
    "follow-up (English)": "Minutes\n\nPRESENT\n\nA B, GR\n\n1. X\n\nThe question returns at a"
    + PAD
    + "x\n",
    "url": HEAD.replace("Kommande möten", "X") + "http://a.se/" + ")" * 400_000 + "\n",
    "sentences": HEAD.replace("Kommande möten", "X") + "a. " * 300_000 + "\n",
    "upcoming": HEAD + "- 20 maj – Möte" + PAD + "x på" + PAD + "\n",
    "upcoming paragraph": HEAD + "Möte 20 maj på" + PAD + "x. på Aaa" + PAD + "\n",
    "presenters": HEAD.replace("Kommande möten", "X") + "Föredragande: A" + PAD + "och B\n",
    "many returns": HEAD.replace("Kommande möten", "X") + "återkommer " * 80_000 + "\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_megabyte_line_is_read_in_linear_time(name: str) -> None:
    # Generous: linear reading takes well under a second; the quadratic patterns took minutes.
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TextFormatWarning)
        # The outcome (a meeting or a one-line error) does not matter here, only the time.
        with contextlib.suppress(TextFormatError):
            parse_text(HOSTILE[name], date=DAY)
    assert time.perf_counter() - started < 20
