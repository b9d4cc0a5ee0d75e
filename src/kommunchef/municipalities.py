"""GR's 13 member municipalities and the other organisations minutes often name.

Organisation names are kept as written in the model; this registry resolves them ("GBG",
"Göteborgs Stad" and "Göteborg" are the same municipality) and finds near misses for a
"did you mean" hint.
"""

from __future__ import annotations

from functools import cache

from attrs import frozen

from kommunchef.keys import text_key
from kommunchef.records import Record


@frozen
class Municipality(Record):
    """A member municipality of Göteborgsregionen."""

    name: str
    """The common name, as minutes write it: "Göteborg"."""
    official_name: str
    """The name of the authority: "Göteborgs Stad"."""
    code: str
    """The four-digit municipality code (kommunkod)."""
    short_forms: tuple[str, ...] = ()
    """Other ways minutes write the name, such as "GBG"."""


MUNICIPALITIES: tuple[Municipality, ...] = (
    Municipality("Ale", "Ale kommun", "1440"),
    Municipality("Alingsås", "Alingsås kommun", "1489"),
    Municipality("Göteborg", "Göteborgs Stad", "1480", ("GBG", "Gbg", "Gothenburg")),
    Municipality("Härryda", "Härryda kommun", "1401"),
    Municipality("Kungsbacka", "Kungsbacka kommun", "1384"),
    Municipality("Kungälv", "Kungälvs kommun", "1482"),
    Municipality("Lerum", "Lerums kommun", "1441"),
    Municipality("Lilla Edet", "Lilla Edets kommun", "1462"),
    Municipality("Mölndal", "Mölndals stad", "1481"),
    Municipality("Partille", "Partille kommun", "1402"),
    Municipality("Stenungsund", "Stenungsunds kommun", "1415"),
    Municipality("Tjörn", "Tjörns kommun", "1419"),
    Municipality("Öckerö", "Öckerö kommun", "1407"),
)
"""GR's member municipalities in alphabetical order."""

OTHER_ORGANISATIONS: tuple[str, ...] = (
    "GR",
    "Göteborgsregionen",
    "VGR",
    "Västra Götalandsregionen",
    "Länsstyrelsen",
    "Länsstyrelsen i Västra Götalands län",
    "SKR",
    "Sveriges Kommuner och Regioner",
    "Business Region Göteborg",
    "Kommunal",
)
"""Organisations that often attend; they are never mistaken for a misspelt municipality."""


@cache
def _index() -> dict[str, Municipality]:
    index: dict[str, Municipality] = {}
    for municipality in MUNICIPALITIES:
        for name in (municipality.name, municipality.official_name, *municipality.short_forms):
            index[text_key(name)] = municipality
        index[municipality.code] = municipality
        # "Lerums kommun", "Mölndals stad", "Ale kommun" and the like.
        for suffix in (" kommun", "s kommun", " stad", "s stad"):
            index[text_key(municipality.name + suffix)] = municipality
    return index


def lookup(name: str) -> Municipality | None:
    """The municipality a name, short form or code refers to, or ``None``."""
    return _index().get(text_key(name))


@cache
def _other_keys() -> frozenset[str]:
    return frozenset(text_key(o) for o in OTHER_ORGANISATIONS)


def is_known_organisation(name: str) -> bool:
    """True for a member municipality or one of :data:`OTHER_ORGANISATIONS`."""
    key = text_key(name)
    return key in _index() or key in _other_keys()


def _core_name(name: str) -> str:
    key = text_key(name)
    for suffix in (" kommun", " stad"):
        key = key.removesuffix(suffix)
    return key


def suggest(name: str) -> str | None:
    """The municipality that an unknown name is probably a misspelling of, or ``None``.

    A name that is no close match stays an ordinary other organisation.
    """
    if is_known_organisation(name):
        return None
    import difflib  # only for a name that is not known, rarely: not when this module loads

    candidates = {text_key(m.name): m.name for m in MUNICIPALITIES}
    candidates.update({text_key(m.name) + "s": m.name for m in MUNICIPALITIES})  # "Lerums kommun"
    matches = difflib.get_close_matches(_core_name(name), list(candidates), n=1, cutoff=0.75)
    return candidates[matches[0]] if matches else None
