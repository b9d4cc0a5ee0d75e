"""Staged files are flushed to the disk before any takes its final name, cheaply for many."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kommunchef import files
from kommunchef.files import SYNC_FILE_SYSTEM_FROM, StagedFiles


@pytest.fixture
def flushes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[object]]:
    """Records each file flush and each file-system flush, and what was in place then."""
    seen: dict[str, list[object]] = {"fsync": [], "syncfs": []}
    real_fsync, real_sync = os.fsync, files._sync_file_system

    def fsync(descriptor: int) -> None:
        seen["fsync"].append(descriptor)
        real_fsync(descriptor)

    def sync_file_system(folder: Path) -> bool:
        seen["syncfs"].append(folder)
        return real_sync(folder)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(files, "_sync_file_system", sync_file_system)
    return seen


def _stage(out: Path, count: int) -> list[Path]:
    with StagedFiles() as staged:
        for index in range(count):
            staged.add(out / f"{index}.txt", f"dokument {index}".encode())
        assert not any(p.suffix == ".txt" for p in out.iterdir()), "nothing in place yet"
        paths = staged.paths
        staged.commit()
        return paths


def test_a_few_files_are_flushed_one_by_one(
    tmp_path: Path, flushes: dict[str, list[object]]
) -> None:
    paths = _stage(tmp_path, 3)
    assert len(flushes["fsync"]) == 3
    assert flushes["syncfs"] == []
    assert [p.read_text() for p in paths] == [f"dokument {i}" for i in range(3)]


def test_many_files_are_flushed_with_their_file_system(
    tmp_path: Path, flushes: dict[str, list[object]]
) -> None:
    count = SYNC_FILE_SYSTEM_FROM + 4
    paths = _stage(tmp_path, count)
    assert len(flushes["syncfs"]) == 1, "one flush for the one staging folder"
    if files._sync_file_system(tmp_path):  # Linux: no file is flushed on its own
        assert flushes["fsync"] == []
    else:
        assert len(flushes["fsync"]) == count
    assert [p.read_text() for p in paths] == [f"dokument {i}" for i in range(count)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{i}.txt" for i in range(count))


def test_a_failed_flush_moves_nothing_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(folder: Path) -> bool:
        raise OSError(5, "Input/output error", str(folder))

    monkeypatch.setattr(files, "_sync_file_system", failing)
    with pytest.raises(OSError, match="Input/output error"):
        _stage(tmp_path, SYNC_FILE_SYSTEM_FROM)
    assert list(tmp_path.iterdir()) == []


def test_errors_name_the_target_not_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "missing" / "x.txt"
    with pytest.raises(FileNotFoundError) as caught:
        files.write_atomic(missing, b"x")
    assert caught.value.filename == str(missing)

    def failing(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    target = tmp_path / "y.txt"
    with pytest.raises(OSError, match="Input/output error") as failed:
        files.write_atomic(target, b"y")
    assert failed.value.filename == str(target)
    assert list(tmp_path.iterdir()) == [], "the staging folder is removed"
