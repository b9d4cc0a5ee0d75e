"""Importing files: encodings, the importer registry, the command line's warnings and errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import kommunchef
from kommunchef.cli import main
from kommunchef.errors import LoadError
from kommunchef.importing import ReadingWarning, available_importers, import_file
from kommunchef.plaintext.encoding import decode_text

OCT_8 = dt.date(2021, 10, 8)
SEED = Path(__file__).resolve().parent / "data" / "text" / "seed_kcg-2021-10-08.txt"


def test_a_windows_1252_copy_imports_to_the_same_meeting(tmp_path: Path) -> None:
    text = SEED.read_text("utf-8")
    copy = tmp_path / "minutes.txt"
    copy.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    with pytest.warns(ReadingWarning, match="not UTF-8; read it as Windows-1252"):
        meeting = import_file(copy, date=OCT_8)
    assert meeting == import_file(SEED, date=meeting.date)


def test_windows_1252_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "minutes.txt"
    copy.write_bytes(SEED.read_text("utf-8").encode("cp1252"))
    out = tmp_path / "meeting.json"
    assert main(["import", str(copy), "--date", "2021-10-08", "-o", str(out)]) == 0
    assert capsys.readouterr().err == (
        f"kommunchef: warning: {copy}: the file is not UTF-8; read it as Windows-1252\n"
    )
    assert kommunchef.load(out).present[1].name == "Maria Standar"


def test_forced_encoding_and_an_undecodable_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "minutes.txt"
    copy.write_bytes(SEED.read_text("utf-8").encode("cp1252"))
    out = tmp_path / "meeting.json"
    status = main(
        ["import", str(copy), "--date", "2021-10-08", "--encoding", "utf-8", "-o", str(out)]
    )
    assert status == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert 'line 5: "N' in error
    assert "--encoding NAME" in error
    assert not out.exists()
    assert main(["import", str(copy), "--date", "2021-10-08", "--encoding", "cp1252"]) == 0
    assert capsys.readouterr().err == ""


def test_decoding_rules() -> None:
    assert decode_text("Åke".encode()) == ("Åke", None)
    assert decode_text("\ufeffÅke".encode()) == ("Åke", None)
    assert decode_text("Åke – möte".encode("cp1252")) == ("Åke – möte", "cp1252")
    assert decode_text("Åke".encode("utf-16")) == ("Åke", "utf-16")
    with pytest.raises(LoadError, match=r'^line 2: "b.c": byte 0x81 \(column 2\)'):
        decode_text(b"a\nb\x81c\n")
    with pytest.raises(LoadError, match="unknown encoding 'klingon'"):
        decode_text(b"a", "klingon")


def test_a_utf8_file_with_a_stray_byte_names_the_byte_instead_of_reading_windows_1252(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = SEED.read_bytes().split(b"\n")
    lines[28] += b"\xff"  # one byte that is not UTF-8, in a file whose letters are
    copy = tmp_path / "minutes.txt"
    copy.write_bytes(b"\n".join(lines))
    out = tmp_path / "meeting.json"
    assert main(["import", str(copy), "--date", "2021-10-08", "-o", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "line 29:" in error
    assert "byte 0xFF" in error
    assert "though the rest of the file's text is" in error
    assert "warning" not in error
    assert not out.exists()
    # A byte in a file of plain ASCII is no sign of UTF-8: Windows-1252, as before.
    assert decode_text(b"Mote \xf6\n") == ("Mote ö\n", "cp1252")
    # Neither UTF-8 nor Windows-1252: the byte named is one Windows-1252 has no letter for.
    with pytest.raises(LoadError, match=r"^line 3: .*byte 0x81 \(column 4\)"):
        decode_text(b"\xc5ke\nm\xf6te\nabc\x81")


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "undefined"])
def test_a_codec_that_is_not_for_text_is_one_line(
    codec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["import", str(SEED), "--date", "2021-10-08", "--encoding", codec])
    assert status == 1
    assert capsys.readouterr().err == (
        f"kommunchef: error: {SEED}: {codec!r} is not a text encoding\n"
    )


def test_a_meeting_too_large_for_json_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kommunchef.serialization

    size = len(kommunchef.dumps(import_file(SEED, date=OCT_8)).encode())
    monkeypatch.setattr(kommunchef.serialization, "MAX_DOCUMENT_BYTES", size - 1)
    out = tmp_path / "meeting.json"
    assert main(["import", str(SEED), "--date", "2021-10-08", "-o", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"kommunchef: error: {SEED}: the meeting is {size} bytes as JSON, more than the "
        f"{size - 1} that kommunchef reads; split the minutes\n"
    )
    assert not out.exists()


def test_the_text_importer_is_registered_and_any_other_suffix_is_text(tmp_path: Path) -> None:
    assert "txt" in [info.suffix for info in available_importers()]
    other = tmp_path / "minutes.anteckningar"
    other.write_text(SEED.read_text("utf-8"), "utf-8")
    assert import_file(other, date=OCT_8) == import_file(SEED, date=OCT_8)


def test_an_old_word_file_renamed_is_refused(tmp_path: Path) -> None:
    old = tmp_path / "minutes.txt"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    with pytest.raises(LoadError, match="old binary Word document"):
        import_file(old)
