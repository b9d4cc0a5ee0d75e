"""The registry of GR's member municipalities."""

from __future__ import annotations

import pytest

from kommunchef.municipalities import MUNICIPALITIES, is_known_organisation, lookup, suggest


def test_thirteen_members_with_unique_codes() -> None:
    assert len(MUNICIPALITIES) == 13
    assert len({m.code for m in MUNICIPALITIES}) == 13
    assert all(len(m.code) == 4 and m.code.isdigit() for m in MUNICIPALITIES)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("GBG", "Göteborg"),
        ("gbg", "Göteborg"),
        ("Göteborgs Stad", "Göteborg"),
        ("Lerums kommun", "Lerum"),
        ("Mölndals stad", "Mölndal"),
        ("Lilla  Edet", "Lilla Edet"),
        ("1440", "Ale"),
        ("öckerö", "Öckerö"),
    ],
)
def test_lookup_normalises(written: str, name: str) -> None:
    found = lookup(written)
    assert found is not None
    assert found.name == name


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Götebrog", "Göteborg"),
        ("Alingsas", "Alingsås"),
        ("Kungalv", "Kungälv"),
        ("Parttille", "Partille"),
    ],
)
def test_near_misses_get_a_suggestion(written: str, expected: str) -> None:
    assert suggest(written) == expected


@pytest.mark.parametrize("other", ["GR", "VGR", "Länsstyrelsen", "Trafikverket", "Borås Stad"])
def test_other_organisations_are_allowed(other: str) -> None:
    assert suggest(other) is None


def test_known_organisations() -> None:
    assert is_known_organisation("VGR")
    assert is_known_organisation("Ale kommun")
    assert not is_known_organisation("Trafikverket")
