"""Malformed plain-text minutes: every one gives a TextFormatError naming the line."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommunchef import Meeting
from kommunchef.errors import LoadError
from kommunchef.plaintext import MAX_TEXT_BYTES, TextFormatError, parse_text

MALFORMED = Path(__file__).resolve().parent / "data" / "text" / "malformed"
OCT_8 = dt.date(2021, 10, 8)

# file name -> (line number or None, a part of the message that must appear)
EXPECTED: dict[str, tuple[int | None, str]] = {
    "empty.txt": (None, "the text is empty"),
    "binary_nul.txt": (3, "the text contains a NUL character"),
    "no_attendance.txt": (5, "the minutes have no attendance section"),
    "person_without_comma.txt": (
        14,
        'line 14: "Maria Standar Alingsås": a person needs "Name, Organisation"',
    ),
    "agenda_out_of_order.txt": (18, "agenda item 4 follows item 2"),
    "first_item_not_one.txt": (10, "the first agenda item must be numbered 1, not 2"),
    "unreadable_date.txt": (3, '"Datum: 31 september 2021": unreadable date'),
    "no_date.txt": (None, "the text has no date"),
    "unknown_attendance_heading.txt": (10, '"ERSÄTTARE": unknown attendance heading'),
    "unknown_header.txt": (4, "unknown header 'Ort'"),
    "duplicate_header.txt": (4, "a second 'Datum' line"),
    "title_line_with_text.txt": (1, "the title line must be just 'Anteckningar'"),
    "unreadable_time.txt": (4, '"Tid: förmiddag": unreadable time'),
    "end_before_start.txt": (4, "the minutes are not valid: end: error: ends at"),
    "present_and_absent.txt": (12, "Gunnel Rydberg is listed both as present"),
    "near_miss_municipality.txt": (12, "did you mean 'Alingsås'?"),
    "bad_email.txt": (12, "'johan@borre' is not a valid email address"),
    "unknown_presenter.txt": (12, "'Ann-Sofi Lodin' presents but is not listed"),
    "heading_without_blank_line.txt": (14, "title needs a blank line after it"),
    "mixed_nested_list.txt": (14, "a nested list mixes bullets and numbers"),
    "bad_upcoming_date.txt": (12, "unreadable upcoming meeting: day 31 of month 4"),
    "upcoming_section_junk.txt": (17, "expected an upcoming meeting"),
    "signature_without_name.txt": (14, "the name of who took the minutes is missing"),
    "text_after_signature.txt": (16, "text after the signature"),
    "control_character.txt": (12, "not allowed: U+0007"),
    "paragraph_before_attendance.txt": (3, "expected a header line such as 'Datum: 2021-10-08'"),
}


def test_the_table_covers_every_file() -> None:
    assert {p.name for p in MALFORMED.glob("*.txt")} == set(EXPECTED)


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED.items()))
def test_malformed_file(name: str, expected: tuple[int | None, str]) -> None:
    line, message = expected
    text = (MALFORMED / name).read_text("utf-8")
    with pytest.raises(TextFormatError) as caught:
        parse_text(text)
    error = caught.value
    assert message in str(error)
    assert error.line == line
    if line is not None:
        assert str(error).startswith(f"line {line}: ")
        assert error.line_text == text.split("\n")[line - 1].rstrip()
    else:
        assert error.line_text is None
    assert isinstance(error, LoadError)


def test_validation_errors_carry_the_problems() -> None:
    with pytest.raises(TextFormatError) as caught:
        parse_text((MALFORMED / "present_and_absent.txt").read_text("utf-8"))
    assert [(p.severity, p.path) for p in caught.value.problems] == [("error", "absent[0]")]


def test_text_over_the_size_limit() -> None:
    text = "Anteckningar\n\n" + "x" * MAX_TEXT_BYTES
    with pytest.raises(TextFormatError, match=r"bytes long; the limit is 1000000 bytes"):
        parse_text(text)
    # The limit counts UTF-8 bytes, not characters.
    with pytest.raises(TextFormatError, match="bytes long"):
        parse_text("ö" * (MAX_TEXT_BYTES // 2 + 1))


def test_date_in_text_and_given_date_must_agree() -> None:
    text = "Anteckningar\n\nDatum: 2021-10-08\n\nNÄRVARANDE\n\nMaria Reinholdsson, Ale\n"
    assert parse_text(text, date=OCT_8).date == OCT_8
    with pytest.raises(TextFormatError) as caught:
        parse_text(text, date=dt.date(2021, 10, 9))
    assert caught.value.line == 3
    assert "2021-10-08 but 2021-10-09 was given" in str(caught.value)


def test_invalid_meeting_id_and_wrong_types() -> None:
    text = "Anteckningar\n\nNÄRVARANDE\n\nMaria Reinholdsson, Ale\n"
    with pytest.raises(TextFormatError, match="the meeting id is not valid"):
        parse_text(text, date=OCT_8, meeting_id="Not An Id")
    with pytest.raises(TextFormatError, match="expected text"):
        parse_text(b"Anteckningar", date=OCT_8)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"datetime\.date"):
        parse_text(text, date="2021-10-08")  # type: ignore[arg-type]


def test_model_checks_become_errors_at_the_line() -> None:
    text = (
        "Anteckningar\n\nNÄRVARANDE\n\nMaria Reinholdsson, Ale\n\n1. Inledning\n\n"
        + "x" * 20_001
        + "\n"
    )
    with pytest.raises(TextFormatError) as caught:
        parse_text(text, date=OCT_8)
    assert caught.value.line == 9
    assert "the paragraph is not valid" in str(caught.value)
    assert "the limit is 20000" in str(caught.value)


def test_list_nested_too_deep_is_reported_at_the_list() -> None:
    text = (
        "Anteckningar\n\nNÄRVARANDE\n\nMaria Reinholdsson, Ale\n\n1. Inledning\n\n"
        "- a\n  - b\n    - c\n      - d\n"
    )
    with pytest.raises(TextFormatError) as caught:
        parse_text(text, date=OCT_8)
    assert caught.value.line == 9
    assert "nested 4 deep" in str(caught.value)


def test_unreadable_status_and_revision() -> None:
    base = "Anteckningar\n\nDatum: 2021-10-08\n{}\n\nNÄRVARANDE\n\nMaria Reinholdsson, Ale\n"
    with pytest.raises(TextFormatError, match=r"line 4: \"Status: kanske\": unknown status"):
        parse_text(base.format("Status: kanske"))
    with pytest.raises(TextFormatError, match="the revision must be a whole number"):
        parse_text(base.format("Revision: två"))
    with pytest.raises(TextFormatError, match="the link is not valid"):
        parse_text(base.format("Länk: ftp://example.org"))


def test_error_survives_pickling() -> None:
    with pytest.raises(TextFormatError) as caught:
        parse_text((MALFORMED / "near_miss_municipality.txt").read_text("utf-8"))
    error = caught.value
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is TextFormatError
    assert (copy.line, copy.line_text, copy.problems) == (
        error.line,
        error.line_text,
        error.problems,
    )
    assert str(copy) == str(error)


def test_hostile_line_is_shown_inert_and_short() -> None:
    text = "Anteckningar\n\nNÄRVARANDE\n\n\u202eevil" + "y" * 200 + "\n"
    with pytest.raises(TextFormatError) as caught:
        parse_text(text, date=OCT_8)
    message = str(caught.value)
    assert "\u202e" not in message
    assert "\\u202e" in message
    assert "…" in message
    assert len(message) < 250


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "Anteckningar",
                    "NÄRVARANDE",
                    "EJ NÄRVARANDE",
                    "Maria Reinholdsson, Ale",
                    "1. Inledning",
                    "2. Rapporter",
                    "3. Kommande möten",
                    "- 20 maj – Kommunchefsgruppen",
                    "- 31 april",
                    "1. en punkt",
                    "  - under",
                    "Beslut",
                    "Föredragande: Maria Reinholdsson",
                    "Antecknat av: Gunnel Rydberg, GR",
                    "KOMMANDE MÖTEN",
                    "Datum: 2021-10-08",
                    "Tid: 09.00–08.00",
                    "http://example.org/x.",
                    "Frågan återkommer vid ett kommande möte.",
                    "",
                    "",
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=25,
    ).map("\n".join)
)
def test_any_text_reads_or_fails_cleanly(text: str) -> None:
    """Whatever the text, the reader returns a meeting or raises TextFormatError."""
    outcome: Meeting | TextFormatError
    try:
        outcome = parse_text(text, date=OCT_8)
    except TextFormatError as error:
        outcome = error
    if isinstance(outcome, TextFormatError):
        assert str(outcome).strip()
    else:
        assert outcome.date == OCT_8
