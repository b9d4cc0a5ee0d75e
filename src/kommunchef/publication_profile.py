"""Publication profiles: what to remove from a meeting before it is published.

A profile is a small TOML file. Two ship with kommunchef: ``public`` (remove e-mail
addresses, phone numbers and the names of private persons) and ``internal`` (remove nothing).
An organisation writes its own file in the same format; every key is optional and a key left
out takes the value of the ``public`` profile, so a forgotten key errs on the side of removing.
See ``docs/publication.md`` for the format.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from kommunchef.contacts import find_contacts
from kommunchef.errors import KommunchefError
from kommunchef.keys import text_key
from kommunchef.model import Language
from kommunchef.records import Record

BUILT_IN_PROFILES = ("internal", "public")
"""The names of the profiles that ship with kommunchef."""

DEFAULT_PROFILE = "public"


class ProfileError(KommunchefError):
    """An unknown profile name, or a profile file that cannot be read or is not valid."""


@frozen
class Replacements(Record):
    """The words that stand in for what was removed, in one language."""

    email: str
    """Replaces an e-mail address in text: "[e-postadress borttagen]"."""
    phone: str
    """Replaces a phone number in text: "[telefonnummer borttaget]"."""
    private_person: str
    """Stands for a private person, numbered per meeting: "Privatperson 1"."""


@frozen
class Profile(Record):
    """What a publication removes, and the words that replace it."""

    name: str
    description: str
    remove_emails: bool
    remove_phone_numbers: bool
    remove_private_persons: bool
    member_municipalities: bool
    """GR's member municipalities count as public bodies."""
    public_bodies: tuple[str, ...]
    """Organisations whose people take part in their role (compared without regard to case)."""
    public_body_words: tuple[str, ...]
    """An organisation with one of these words in its name is a public body."""
    swedish: Replacements
    english: Replacements

    @property
    def removes_anything(self) -> bool:
        """False for a profile that leaves every meeting as it is."""
        return self.remove_emails or self.remove_phone_numbers or self.remove_private_persons

    def replacements(self, language: Language) -> Replacements:
        """The replacement words for a document in ``language``."""
        return self.english if language == Language.EN else self.swedish

    def is_public_body(self, organisation: str | None) -> bool:
        """True when people from ``organisation`` take part in their role, by this profile."""
        if organisation is None:
            return False
        key = text_key(organisation)
        if key in {text_key(name) for name in self.public_bodies}:
            return True
        if self.member_municipalities:
            from kommunchef.municipalities import lookup

            if lookup(organisation) is not None:
                return True
        words = {text_key(word) for word in self.public_body_words}
        return any(word.strip(".,;:()") in words for word in key.split())


# Reading a profile ---------------------------------------------------------------------------

_Reader = Callable[[Any, str], Any]


def _boolean(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise _ProfileKeyError(key, f"expected true or false, got {_describe(value)}")
    return value


def _line(value: Any, key: str) -> str:
    from kommunchef._checks import forbidden_character

    if not isinstance(value, str):
        raise _ProfileKeyError(key, f"expected a string, got {_describe(value)}")
    if not value.strip():
        raise _ProfileKeyError(key, "must not be blank")
    bad = forbidden_character(value)
    if bad:
        raise _ProfileKeyError(key, f"contains a character that is not allowed: {bad}")
    return value.strip()


def _replacement(value: Any, key: str) -> str:
    text = _line(value, key)
    if find_contacts(text) or any(ch.isdigit() for ch in text):
        raise _ProfileKeyError(key, "must not contain digits, an e-mail address or a phone number")
    return text


def _lines(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _ProfileKeyError(key, f"expected a list of strings, got {_describe(value)}")
    return tuple(_line(item, f"{key}[{index}]") for index, item in enumerate(value))


def _describe(value: Any) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean"}
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return names.get(type(value), type(value).__name__)


class _ProfileKeyError(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")


# Each table: its keys, each with its reader and the Profile attribute it sets.
_REPLACEMENT_KEYS = ("email", "phone", "private_person")
_TABLES: dict[str, dict[str, tuple[_Reader, str]]] = {
    "": {"name": (_line, "name"), "description": (_line, "description")},
    "remove": {
        "emails": (_boolean, "remove_emails"),
        "phone_numbers": (_boolean, "remove_phone_numbers"),
        "private_persons": (_boolean, "remove_private_persons"),
    },
    "private_persons": {
        "member_municipalities": (_boolean, "member_municipalities"),
        "public_bodies": (_lines, "public_bodies"),
        "public_body_words": (_lines, "public_body_words"),
    },
}
_LANGUAGES = {"sv": "swedish", "en": "english"}


def _table(value: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _ProfileKeyError(key, f"expected a table, got {_describe(value)}")
    return value


def _unknown(key: str, known: Any) -> _ProfileKeyError:
    names = ", ".join(sorted(known))
    return _ProfileKeyError(key, f"unknown key (known here: {names})")


def _from_data(data: Mapping[str, Any], base: Profile, default_name: str) -> Profile:
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key in _TABLES[""]:
            reader, attribute = _TABLES[""][key]
            changes[attribute] = reader(value, key)
        elif key in _TABLES:
            for inner, inner_value in _table(value, key).items():
                if inner not in _TABLES[key]:
                    raise _unknown(f"{key}.{inner}", _TABLES[key])
                reader, attribute = _TABLES[key][inner]
                changes[attribute] = reader(inner_value, f"{key}.{inner}")
        elif key == "replacements":
            for language, words in _table(value, key).items():
                if language not in _LANGUAGES:
                    raise _unknown(f"{key}.{language}", _LANGUAGES)
                attribute = _LANGUAGES[language]
                current: Replacements = changes.get(attribute, getattr(base, attribute))
                fields: dict[str, str] = {}
                for word, text in _table(words, f"{key}.{language}").items():
                    if word not in _REPLACEMENT_KEYS:
                        raise _unknown(f"{key}.{language}.{word}", _REPLACEMENT_KEYS)
                    fields[word] = _replacement(text, f"{key}.{language}.{word}")
                changes[attribute] = evolve(current, **fields)
        else:
            raise _unknown(key, [*_TABLES[""], *(k for k in _TABLES if k), "replacements"])
    changes.setdefault("name", default_name)
    changes.setdefault("description", "")
    return evolve(base, **changes)


def parse_profile(text: str, source: str = "<profile>") -> Profile:
    """A profile from the text of a TOML file; ``source`` names it in error messages.

    Keys left out take the values of the ``public`` profile.
    """
    name = Path(source).stem if source != "<profile>" else "custom"
    return _parse(text, source, _public(), name)


def _parse(text: str, source: str, base: Profile, name: str) -> Profile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{source}: not valid TOML: {error}") from None
    try:
        return _from_data(data, base, name)
    except _ProfileKeyError as problem:
        raise ProfileError(f"{source}: {problem}") from None


_EMPTY = Profile(
    name="",
    description="",
    remove_emails=True,
    remove_phone_numbers=True,
    remove_private_persons=True,
    member_municipalities=True,
    public_bodies=(),
    public_body_words=(),
    swedish=Replacements("[borttaget]", "[borttaget]", "Privatperson"),
    english=Replacements("[removed]", "[removed]", "Private individual"),
)


@cache
def _public() -> Profile:
    return _parse(_built_in_text("public"), "public.toml (built in)", _EMPTY, "public")


def _built_in_text(name: str) -> str:
    return resources.files("kommunchef").joinpath("profiles", f"{name}.toml").read_text("utf-8")


@cache
def _built_in(name: str) -> Profile:
    if name == "public":
        return _public()
    return _parse(_built_in_text(name), f"{name}.toml (built in)", _public(), name)


def load_profile(profile: str | os.PathLike[str] | Profile) -> Profile:
    """A built-in profile by name (``"public"``, ``"internal"``) or a profile file by path.

    A string that is not a built-in name is a path when it ends in ``.toml`` or names a
    folder; otherwise it is an unknown profile. Raises :class:`ProfileError` with one line
    naming the file and the key.
    """
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, str):
        if profile in BUILT_IN_PROFILES:
            return _built_in(profile)
        if not (profile.endswith(".toml") or os.sep in profile or "/" in profile):
            names = ", ".join(BUILT_IN_PROFILES)
            raise ProfileError(
                f"unknown publication profile {profile!r} (built in: {names}; "
                "or give the path of a .toml file)"
            )
    path = Path(profile)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError(f"cannot read the profile {path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ProfileError(f"{path}: the file is not UTF-8 text (byte {error.start})") from None
    return parse_profile(text, str(path))


__all__ = [
    "BUILT_IN_PROFILES",
    "DEFAULT_PROFILE",
    "Profile",
    "ProfileError",
    "Replacements",
    "load_profile",
    "parse_profile",
]
