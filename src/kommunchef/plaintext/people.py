"""Person lines: ``Name, Organisation[, Title][ <e-mail>]``."""

from __future__ import annotations

import re

from kommunchef.model import (
    Person,
)

_EMAIL = re.compile(r"<([^<>\s]+@[^<>\s]+)>")


_PersonFields = tuple[str, str | None, str | None, str | None]


def split_person(text: str) -> _PersonFields | None:
    """``Name, Organisation[, Title][ <e-mail>]``; None without a name and an organisation."""
    email = None
    # The address is found from the end (rfind), never by a pattern tried at every position.
    text = text.rstrip()
    opening = text.rfind("<") if text.endswith(">") else -1
    match = _EMAIL.fullmatch(text, opening) if opening >= 0 else None
    if match:
        email = match[1]
        text = text[:opening]
    name, comma, rest = text.partition(",")
    if not comma:
        return None
    organisation, _, title = rest.partition(",")
    name, organisation, title = name.strip(), organisation.strip(), title.strip()
    if not name or not organisation:
        return None
    return name, (None if organisation in ("-", "–") else organisation), title or None, email


def write_person(person: Person) -> str:
    line = f"{person.name}, {person.organisation or '–'}"
    if person.title:
        line += f", {person.title}"
    if person.email:
        line += f" <{person.email}>"
    return line
