"""One key for comparing names, organisations, titles and keywords."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kommunchef.document import person_key
from kommunchef.keys import composed, text_key


def test_spaces_case_and_composition_do_not_count() -> None:
    assert text_key("  Anna\t Berg \n") == "anna berg"
    assert text_key("ANNA BERG") == text_key("anna berg")
    assert text_key(unicodedata.normalize("NFD", "Björn Åberg")) == "björn åberg"
    assert text_key("Strauß") == text_key("STRAUSS")
    assert text_key("Anna\u00a0Berg") == "anna berg"  # a no-break space is a space
    assert person_key is text_key
    assert composed(unicodedata.normalize("NFD", "Åsa Öberg")) == "Åsa Öberg"
    assert composed("Anna  Berg") == "Anna  Berg"  # only the letters change


@given(st.text())
def test_composed_and_decomposed_texts_have_one_key(text: str) -> None:
    key = text_key(text)
    assert text_key(unicodedata.normalize("NFD", text)) == key
    assert text_key(unicodedata.normalize("NFC", text)) == key
    assert "  " not in key
    assert key == key.strip()
