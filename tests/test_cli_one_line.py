"""Every error and warning of the command line is one line, whatever file name or text it quotes."""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kommunchef import importing
from kommunchef.cli import main
from kommunchef.errors import LoadError, one_line
from kommunchef.importing import ReadingWarning

SEPARATORS_AND_BIDI = {"\u2028", "\u2029", "\u200e", "\u200f"} | {
    chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
}


def unsafe(character: str) -> bool:
    """A character that must never reach the terminal raw."""
    if character == "\t":
        return False
    return unicodedata.category(character) == "Cc" or character in SEPARATORS_AND_BIDI


def test_a_file_name_with_a_newline_gives_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad\nname.docx"
    bad.write_text("x")
    status = main(["import", str(bad), "-o", str(tmp_path / "out.json")])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1
    assert err.endswith("\n")
    assert err.startswith("kommunchef: error: ")
    assert "bad\\nname.docx" in err
    assert not (tmp_path / "out.json").exists()


def test_document_text_with_terminal_controls_is_escaped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # As an importer (the Word one, say) quoting the document's text in its messages.
    def hostile(path: str, **_: Any) -> None:
        warnings.warn("a heading \u202eevil\x9b31m was read as text", ReadingWarning, stacklevel=2)
        raise LoadError(f"{path}: line 3: \u202eevil\x9b31m\x1b[2J\r: not a heading")

    monkeypatch.setattr(importing, "import_file", hostile)
    status = main(["import", str(tmp_path / "minutes.docx")])
    err = capsys.readouterr().err
    assert status == 1
    warning, error = err.splitlines()
    assert err.count("\n") == 2
    assert warning == (
        f"kommunchef: warning: {tmp_path / 'minutes.docx'}: a heading \\u202eevil\\x9b31m "
        "was read as text"
    )
    assert error == (
        f"kommunchef: error: {tmp_path / 'minutes.docx'}: line 3: "
        "\\u202eevil\\x9b31m\\x1b[2J\\r: not a heading"
    )
    assert not any(unsafe(character) for character in err.replace("\n", ""))


def test_swedish_letters_pass_unchanged(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    minutes = tmp_path / "sammanträde på Öckerö – möte 😀.txt"
    minutes.write_text("x")
    assert main(["import", str(minutes)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kommunchef: error: {minutes}: line 1: ")
    assert (
        one_line("Åsa Ärlig, Öckerö:\tmöte\xa0kl. 9 😀") == "Åsa Ärlig, Öckerö:\tmöte\xa0kl. 9 😀"
    )


def test_usage_errors_quoting_arguments_are_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["schema", "extra\nargument\u2028"])
    assert caught.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last == "kommunchef: error: unrecognized arguments: extra\\nargument\\u2028"


def test_the_escapes_are_those_repr_writes() -> None:
    assert one_line("a\nb\r\x00\x1b\x7f\x85\x9b\u200e\u202e\u2066\u2069\u2028") == (
        "a\\nb\\r\\x00\\x1b\\x7f\\x85\\x9b\\u200e\\u202e\\u2066\\u2069\\u2028"
    )


@given(st.text())
def test_one_line_leaves_nothing_unsafe_and_safe_text_alone(text: str) -> None:
    shown = one_line(text)
    assert not any(unsafe(character) for character in shown)
    if not any(unsafe(character) for character in text):
        assert shown == text


@given(st.text(alphabet=st.sampled_from([*sorted(SEPARATORS_AND_BIDI), "\t", "\x9b", "å"])))
def test_one_line_with_the_rare_characters(text: str) -> None:
    shown = one_line(text)
    assert not any(unsafe(character) for character in shown)
    assert shown.count("å") == text.count("å")
    assert shown.count("\t") == text.count("\t")
