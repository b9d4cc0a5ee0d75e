"""A conformance check: under the ``public`` profile no contact detail reaches any format.

:func:`check_publication` generates meetings full of e-mail addresses, phone numbers and a
private person (in every kind of field, in links and in the people lists), applies the
profile, exports the result and searches the output for every address, number and name of
the original. Every exporter plugin, ours and third parties', can run it in its tests::

    from kommunchef.testing.publication import check_publication

    def test_publication():
        check_publication("docx")

Output is searched as text in several views: as written, with markup removed, with HTML/XML
character references resolved, with iCalendar lines unfolded and unescaped and, for JSON,
as the strings of the document; each compared as :func:`kommunchef.keys.text_key` compares
(composed, spaces collapsed, case folded), and the private name is written decomposed in
some meetings. ZIP containers (DOCX, ODT, EPUB...) are searched member by
member and PDF files stream by stream (Flate streams inflated); text that a format encodes
beyond that (such as PDF text in a font's own glyph codes) is not seen by the check.

This module needs ``hypothesis`` (``pip install kommunchef[testing]``).
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kommunchef.contacts import find_contacts
from kommunchef.exporting import Exporter, get_exporter, run_exporter
from kommunchef.keys import text_key
from kommunchef.model import (
    AgendaItem,
    BulletList,
    FollowUp,
    Heading,
    Link,
    ListItem,
    Meeting,
    Paragraph,
    Person,
    UpcomingMeeting,
)
from kommunchef.publication import Profile, load_profile, publish
from kommunchef.records import Record
from kommunchef.testing.strategies import hostile_meeting, meetings
from kommunchef.validation import validate


def _digits(count: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=count, max_size=count)


_PHONE_SHAPES = (
    "07{0}-{1} {2} {3}",
    "07{0} {1} {2} {3}",
    "07{0}{1}{2}{3}",
    "+46 7{0} {1} {2} {3}",
    "+46 (0)7{0}-{1} {2} {3}",
    "0046 7{0} {1} {2} {3}",
    "+467{0}{1}{2}{3}",
    "031-{1} {2} {3}",
    "(031) {1} {2} {3}",
    "08-{1} {2}{0} {3}",
    "08-{2} {3} {0}{0}",
    "0303-{2} {3} {0}{0}",
    "+44 20 {1}{0} {2}{3}",
    "+1 5{2} {1} {2}{3}",
)


def phone_numbers() -> st.SearchStrategy[str]:
    """Phone numbers as people write them: Swedish mobiles and landlines, international."""
    return st.builds(
        lambda shape, a, b, c, d: shape.format(a, b, c, d),
        st.sampled_from(_PHONE_SHAPES),
        st.sampled_from("02369"),
        _digits(3),
        _digits(2),
        _digits(2),
    )


def email_addresses() -> st.SearchStrategy[str]:
    """E-mail addresses with dots, plus signs, digits and Swedish letters."""
    local = st.from_regex(r"\A[a-zåäö][a-z0-9åäö]{0,8}([._+-][a-z0-9]{1,6}){0,2}\Z")
    domain = st.sampled_from(
        ["example.org", "goteborg.se", "mail.example.com", "goteborgsregionen.se", "ale.se"]
    )
    return st.builds(lambda user, host: f"{user}@{host}", local, domain)


_PRIVATE_FIRST = ("Ingrid", "Sven", "Kerstin", "Bengt-Åke", "Ylva")
_PRIVATE_LAST = ("Privatsson", "Enskildberg", "Medborgarsson", "Invånarsdotter")


@attrs.frozen
class PlantedMeeting(Record):
    """A valid meeting and the contact details and private name planted in it."""

    meeting: Meeting
    planted: tuple[str, ...]
    private_name: str


@st.composite
def meetings_with_contacts(draw: st.DrawFn) -> PlantedMeeting:
    """Valid meetings with addresses, phone numbers and a private guest in every kind of field.

    They come from :func:`kommunchef.testing.strategies.meetings`, whose people and links carry e-mail
    addresses too, with one agenda item, one guest and one upcoming meeting added.
    """
    base = draw(meetings(max_items=3, emails=True))
    phones = draw(st.lists(phone_numbers(), min_size=7, max_size=7))
    emails = draw(st.lists(email_addresses(), min_size=5, max_size=5))
    private = f"{draw(st.sampled_from(_PRIVATE_FIRST))} {draw(st.sampled_from(_PRIVATE_LAST))}"
    # How the texts write the name: composed, or decomposed as macOS writes "Å" and "å".
    written = draw(st.sampled_from((private, unicodedata.normalize("NFD", private))))
    assume(all(p.name.casefold() != private.casefold() for p in _people(base)))
    guest = Person(private, None, f"boende, tel. {phones[0]}", emails[0])
    official = Person("Tjänsteperson Offentligsson", "Ale", f"telefon {phones[6]}", emails[4])
    assume(all(p.name.casefold() != official.name.casefold() for p in _people(base)))
    url_digits = "".join(ch for ch in phones[1] if ch.isdigit() or ch == "+")
    item = AgendaItem(
        number=len(base.agenda) + 1,
        title=f"Frågor från {written}, {phones[2]}",
        presenters=(guest, official),
        body=(
            Heading(f"Kontakt: {emails[1]}, {phones[1]}"),
            Paragraph(
                (
                    f"{written} berättade. Ring {phones[3]} eller skriv till ",
                    Link(emails[2], f"mailto:{emails[2]}"),
                    " eller ",
                    Link("kansliet", f"mailto:{emails[3]}"),
                    ", se ",
                    Link("sidan", f"https://example.org/kontakt?tel={url_digits}"),
                    ".",
                )
            ),
            BulletList(
                (ListItem((f"Tel. {phones[4]}",), BulletList((ListItem((f"{emails[1]}",)),))),)
            ),
        ),
        decisions=(Paragraph((f"Frågor besvaras av {emails[3]} på {phones[5]}.",)),),
        follow_ups=(FollowUp(f"Återkom till {phones[5]}", owner=private),),
    )
    upcoming = UpcomingMeeting(
        base.date + timedelta(days=30),
        f"Nästa möte, anmälan till {emails[4]}",
        location=f"Ring {phones[6]} vid entrén",
        note=f"Frågor till {written}",
    )
    meeting = attrs.evolve(
        base,
        location=f"Lokal: ring {phones[0]}",
        guests=(*base.guests, guest, official),
        agenda=(*base.agenda, item),
        upcoming=(*base.upcoming, upcoming),
    )
    planted = (*phones, *emails, url_digits)
    return PlantedMeeting(meeting, planted, private)


def _people(meeting: Meeting) -> Iterator[Person]:
    yield from meeting.present
    yield from meeting.absent
    yield from meeting.guests


def contact_details(meeting: Meeting) -> set[str]:
    """Every e-mail address and phone number in the meeting's texts, links and people."""
    found: set[str] = set()

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, str):
            if key != "id":  # ids are slugs, not text
                found.update(item.value for item in find_contacts(value))
        elif isinstance(value, dict):
            for inner_key, inner in value.items():
                walk(inner, inner_key)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner, key)

    walk(attrs.asdict(meeting, recurse=True))
    return found


_TAG = re.compile(r"<[^>]*>")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def _text_views(text: str) -> Iterator[str]:
    yield text
    yield html.unescape(text)
    yield html.unescape(_TAG.sub("", text))
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    yield unfolded.replace("\\n", " ").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
    try:
        document = json.loads(text)
    except ValueError:
        return
    yield "\n".join(_json_strings(document))


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _json_strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _json_strings(inner)


def _parts(data: bytes) -> Iterator[bytes]:
    """The bytes to search: a ZIP's members, a PDF's streams (inflated), and the whole."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    yield archive.read(member)
        except zipfile.BadZipFile:
            pass
    if data.startswith(b"%PDF"):
        for stream in _PDF_STREAM.finditer(data):
            try:
                yield zlib.decompress(stream.group(1))
            except zlib.error:
                yield stream.group(1)
    yield data


_PDF_HEX_STRING = re.compile(r"<[0-9A-Fa-f\s]*>")


def output_texts(data: bytes) -> list[str]:
    """The views of an exported document that the check searches (see the module's text)."""
    views: list[str] = []
    pdf = data.startswith(b"%PDF-")
    for part in _parts(data):
        for encoding in (
            ("utf-8", "utf-16") if part[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8",)
        ):
            text = part.decode(encoding, errors="replace")
            if pdf:
                # Glyph codes in hex strings (<0200700000...>) are no text: runs of their
                # digits would look like phone numbers.
                text = _PDF_HEX_STRING.sub(" ", text)
            views.extend(text_key(view) for view in _text_views(text))
    return views


def leaks(original: Meeting, data: bytes, *, extra: tuple[str, ...] = ()) -> list[str]:
    """The contact details of ``original`` (and ``extra`` values) that occur in ``data``."""
    wanted = {text_key(value) for value in (*contact_details(original), *extra)}
    views = output_texts(data)
    return sorted(value for value in wanted if any(value in view for view in views))


def _expect(condition: bool, message: str) -> None:
    # Not ``assert``: the check must also hold under ``python -O``.
    if not condition:
        raise AssertionError(message)


def check_publication(
    format: str | Exporter,
    *,
    examples: int = 25,
    profile: str | Profile = "public",
    options: dict[str, str] | None = None,
) -> None:
    """Check that a format, under ``profile``, lets no contact detail or private name through.

    For generated meetings (and :func:`kommunchef.testing.strategies.hostile_meeting`) it checks that
    the profiled meeting validates, that applying the profile again removes nothing more, that
    the exporter renders it, and that no e-mail address, phone number or private person's
    name of the original occurs in the output. ``profile`` must remove e-mail addresses,
    phone numbers and private persons (the ``public`` profile does).
    """
    exporter = get_exporter(format) if isinstance(format, str) else format
    chosen = load_profile(profile)
    _expect(
        chosen.remove_emails and chosen.remove_phone_numbers and chosen.remove_private_persons,
        f"the {chosen.name!r} profile does not remove everything this check looks for",
    )

    def run(original: Meeting, extra: tuple[str, ...]) -> None:
        published = publish(original, chosen)
        errors = [p for p in validate(published.meeting) if p.severity == "error"]
        _expect(not errors, f"the published meeting is not valid: {errors}")
        again = publish(published.meeting, chosen)
        _expect(not again.redactions, f"a second pass still removes {list(again.redactions)}")
        data = run_exporter(exporter, published.meeting, options or {})
        _expect(isinstance(data, bytes) and bool(data), "export must return non-empty bytes")
        found = leaks(original, data, extra=extra)
        _expect(not found, f"the {exporter.name} output still contains {found}")

    run(hostile_meeting(), ())

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
        derandomize=True,  # the same meetings on every run: a failure can be reproduced
    )
    @given(meetings_with_contacts())
    def generated(planted: PlantedMeeting) -> None:
        missed = set(planted.planted) - contact_details(planted.meeting)
        _expect(not missed, f"the finders miss planted contact details: {sorted(missed)}")
        run(planted.meeting, (*planted.planted, planted.private_name))

    generated()


__all__ = [
    "PlantedMeeting",
    "check_publication",
    "contact_details",
    "email_addresses",
    "leaks",
    "meetings_with_contacts",
    "output_texts",
    "phone_numbers",
]
