"""The plugin registry: entry points read from entry_points.txt as importlib.metadata reads them."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import kommunchef
from kommunchef import FormatError, plugins
from kommunchef.cli import main
from kommunchef.exporting import get_exporter, refresh
from kommunchef.importing import available_importers, get_importer

Row = tuple[str, str, str, str, str]


def _importlib_rows(group: str) -> list[Row]:
    """What importlib.metadata finds in ``group``, with each distribution's name and version."""
    rows = []
    for entry in metadata.entry_points(group=group):
        fields = entry.dist.metadata if entry.dist is not None else None
        name = (fields["Name"] if fields is not None else None) or "?"
        version = (fields["Version"] if fields is not None else None) or "?"
        rows.append((entry.group, entry.name, entry.value, name, version))
    return rows


def _rows(group: str) -> list[Row]:
    return [
        (e.group, e.name, e.value, e.distribution, e.version) for e in plugins.entry_points(group)
    ]


def _distribution(
    root: Path,
    folder: str,
    entry_points: str | bytes | None,
    metadata_text: str | bytes | None = None,
) -> Path:
    """A fake installed distribution: ``root/folder`` with its METADATA and entry_points.txt."""
    info = root / folder
    info.mkdir(parents=True)
    if metadata_text is None:
        stem = folder.rpartition(".")[0]
        name, _, version = stem.rpartition("-")
        metadata_text = f"Metadata-Version: 2.1\nName: {name or stem}\nVersion: {version}\n"
    for file, content in (("METADATA", metadata_text), ("entry_points.txt", entry_points)):
        if isinstance(content, str):
            (info / file).write_bytes(content.encode("utf-8"))
        elif content is not None:
            (info / file).write_bytes(content)
    return info


@pytest.fixture
def only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """``sys.path`` holding nothing but the folders the test adds to the returned list."""
    roots: list[str] = []
    monkeypatch.setattr(sys, "path", roots)
    plugins.refresh()
    yield roots
    plugins.refresh()


# The real environment -------------------------------------------------------------------------


def test_every_group_of_the_environment_reads_as_importlib_metadata_reads_it() -> None:
    plugins.refresh()
    groups = sorted(metadata.entry_points().groups)
    assert plugins.EXPORTERS in groups
    for group in groups:
        assert _rows(group) == _importlib_rows(group), group


def test_the_core_formats_and_importers_are_registered() -> None:
    plugins.refresh()
    exporters = plugins.exporters()
    assert exporters["json"].value == "kommunchef.serialization:exporter"
    assert exporters["json"].distribution == "kommunchef"
    assert exporters["json"].version == kommunchef.__version__
    assert plugins.importers()["txt"].value == "kommunchef.plaintext.format:importer"


def test_formats_prints_what_importlib_metadata_finds(capsys: pytest.CaptureFixture[str]) -> None:
    plugins.refresh()
    written = {
        ep.name: (ep.dist.metadata["Name"], ep.dist.metadata["Version"])
        for ep in metadata.entry_points(group=plugins.EXPORTERS)
        if ep.dist is not None
    }
    read = {
        f".{ep.name.lower().lstrip('.')}": (ep.dist.metadata["Name"], ep.dist.metadata["Version"])
        for ep in metadata.entry_points(group=plugins.IMPORTERS)
        if ep.dist is not None
    }
    width = max(map(len, [*written, *read]))
    expected = ["write (kommunchef export -f NAME):"]
    expected += [f"  {n:<{width}}  {d} {v}" for n, (d, v) in sorted(written.items())]
    expected += ["read (kommunchef import FILE.SUFFIX):"]
    expected += [f"  {n:<{width}}  {d} {v}" for n, (d, v) in sorted(read.items())]
    assert main(["formats"]) == 0
    assert capsys.readouterr().out.splitlines() == expected


def test_formats_reads_metadata_without_importlib_metadata_or_the_model() -> None:
    code = textwrap.dedent(
        """
        import sys
        from kommunchef.launcher import main
        main(["formats"])
        heavy = ["importlib.metadata", "email", "zipfile", "attrs", "kommunchef.exporting",
                 "kommunchef.series_commands", "kommunchef.site", "kommunchef.publication_cli"]
        print(sorted(name for name in heavy if name in sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


# Entry points files as importlib.metadata reads them ---------------------------------------------


def test_comments_blank_lines_and_odd_headers(only: list[str], tmp_path: Path) -> None:
    _distribution(
        tmp_path,
        "odd-1.0.dist-info",
        textwrap.dedent(
            """\
            ignored = before:any_group
            # a comment
            [kommunchef.exporters]
              spaced   =   odd_module : exporter [extra]
            ; not a comment for importlib.metadata = odd:semicolon
            [ kommunchef.exporters ]
            inner = spaces:are_part_of_the_group
            [[kommunchef.exporters]]
            doubled = odd:brackets
            twice = odd:first
            twice = odd:second
            """
        ),
    )
    only.append(str(tmp_path))
    assert _rows(plugins.EXPORTERS) == _importlib_rows(plugins.EXPORTERS)
    assert [(e.name, e.value) for e in plugins.entry_points(plugins.EXPORTERS)] == [
        ("spaced", "odd_module : exporter [extra]"),
        ("; not a comment for importlib.metadata", "odd:semicolon"),
        ("doubled", "odd:brackets"),
        ("twice", "odd:first"),
        ("twice", "odd:second"),
    ]
    assert plugins.entry_points(" kommunchef.exporters ")[0].name == "inner"


def test_indented_lines_are_entries_of_their_own(only: list[str], tmp_path: Path) -> None:
    # entry_points.txt looks like an INI file, but importlib.metadata knows no continuation
    # lines: each indented line is an entry of its own.
    _distribution(tmp_path, "cont-1.0.dist-info", "[kommunchef.commands]\na = m:a\n    b = m:b\n")
    only.append(str(tmp_path))
    assert [e.name for e in plugins.entry_points(plugins.COMMANDS)] == ["a", "b"]
    assert _rows(plugins.COMMANDS) == _importlib_rows(plugins.COMMANDS)


def test_a_line_without_equals_names_the_file_and_line(only: list[str], tmp_path: Path) -> None:
    info = _distribution(tmp_path, "bad-1.0.dist-info", "[other.group]\nok = a:b\nbroken\n")
    only.append(str(tmp_path))
    with pytest.raises(TypeError):  # importlib.metadata fails on any group
        _importlib_rows(plugins.EXPORTERS)
    with pytest.raises(FormatError) as caught:
        plugins.exporters()
    assert str(caught.value) == (
        f"{info / 'entry_points.txt'}, line 3: 'broken' is not 'name = value': "
        "reinstall its distribution"
    )


def test_a_file_that_is_not_utf8(only: list[str], tmp_path: Path) -> None:
    _distribution(tmp_path, "latin-1.0.dist-info", b"[kommunchef.exporters]\nx = caf\xe9:e\n")
    only.append(str(tmp_path))
    with pytest.raises(UnicodeDecodeError):
        _importlib_rows(plugins.EXPORTERS)
    with pytest.raises(FormatError, match=r"entry_points\.txt is not UTF-8"):
        plugins.exporters()


def test_missing_and_unreadable_files_declare_nothing(only: list[str], tmp_path: Path) -> None:
    _distribution(tmp_path, "none-1.0.dist-info", None)
    folder = _distribution(tmp_path, "dir-1.0.dist-info", None)
    (folder / "entry_points.txt").mkdir()  # read_text gets IsADirectoryError
    (tmp_path / "file-1.0.dist-info").write_text("not a folder", "utf-8")
    _distribution(tmp_path, "empty-1.0.dist-info", "")
    _distribution(tmp_path, "other-1.0.dist-info", "[console_scripts]\nx = y:z\n")
    only.extend([str(tmp_path), str(tmp_path / "missing"), str(tmp_path / "none-1.0.dist-info")])
    assert plugins.exporters() == {}
    assert _importlib_rows(plugins.EXPORTERS) == []
    assert _rows("console_scripts") == _importlib_rows("console_scripts")


def test_the_first_of_one_name_on_sys_path_wins(only: list[str], tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _distribution(first, "Same.Name-1.0.dist-info", "[kommunchef.exporters]\nx = one:x\n")
    _distribution(second, "same_name-2.0.dist-info", "[kommunchef.exporters]\nx = two:x\n")
    _distribution(second, "same_name-3.0.egg-info", "[kommunchef.exporters]\nx = three:x\n")
    only.extend([str(first), str(second), str(first)])
    assert _rows(plugins.EXPORTERS) == [(plugins.EXPORTERS, "x", "one:x", "Same.Name", "1.0")]
    assert _rows(plugins.EXPORTERS) == _importlib_rows(plugins.EXPORTERS)
    assert plugins.exporters()["x"].value == "one:x"  # one distribution, not a collision


def test_name_and_version_as_the_email_parser_reads_them(only: list[str], tmp_path: Path) -> None:
    header = "[kommunchef.exporters]\n{0} = m:{0}\n"
    _distribution(tmp_path, "a-1.dist-info", header.format("a"), "name: lower\nVERSION:  2 \n")
    _distribution(tmp_path, "b-1.dist-info", header.format("b"), "Name: first\nName: second\n")
    _distribution(tmp_path, "c-1.dist-info", header.format("c"), "Summary: x\n\nName: body\n")
    _distribution(tmp_path, "d-1.dist-info", header.format("d"), "Name: folded\n more\n")
    _distribution(tmp_path, "e-1.dist-info", header.format("e"), "From someone\nName: e\n")
    _distribution(tmp_path, "f-1.dist-info", header.format("f"), "Bad line\nName: f\n")
    _distribution(tmp_path, "g-1.dist-info", header.format("g"), ": empty\nName: g\r\n")
    _distribution(tmp_path, "h-1.dist-info", header.format("h"), "License: a\n  b\nName: h\n")
    _distribution(tmp_path, "i-1.dist-info", header.format("i"), "")
    only.append(str(tmp_path))
    rows = _rows(plugins.EXPORTERS)
    assert rows == _importlib_rows(plugins.EXPORTERS)
    by_name = {row[1]: row[3:] for row in rows}
    assert by_name["a"] == ("lower", "2 ")
    assert by_name["b"] == ("first", "?")
    assert by_name["c"] == ("?", "?")
    assert by_name["h"] == ("h", "?")
    assert by_name["i"] == ("?", "?")


# Loading -------------------------------------------------------------------------------------------


def test_load_follows_the_entry_point_syntax(only: list[str], tmp_path: Path) -> None:
    (tmp_path / "fake_nested.py").write_text("class Outer:\n    inner = 42\n", "utf-8")
    only.append(str(tmp_path))
    made = plugins.EntryPoint("g", "n", "fake_nested : Outer.inner [extra]", "d", "1")
    assert made.load() == 42
    assert (
        plugins.EntryPoint("g", "n", "fake_nested", "d", "1").load() is sys.modules["fake_nested"]
    )
    with pytest.raises(ValueError, match="'not a value' is not 'module:object'"):
        plugins.EntryPoint("g", "n", "not a value", "d", "1").load()
    with pytest.raises(
        FormatError,
        match=r"^the 'n' thing from d 1 cannot be loaded \(AttributeError: .*\); reinstall d$",
    ):
        plugins.load(plugins.EntryPoint("g", "n", "fake_nested:missing", "d", "1"), "the 'n' thing")


def test_entry_points_compare_by_value() -> None:
    one = plugins.EntryPoint("g", "n", "m:o", "d", "1")
    assert one == plugins.EntryPoint("g", "n", "m:o", "d", "1")
    assert one != plugins.EntryPoint("g", "n", "m:o", "d", "2")
    assert len({one, plugins.EntryPoint("g", "n", "m:o", "d", "1")}) == 1
    assert "value='m:o'" in repr(one)


# Claims --------------------------------------------------------------------------------------------


def test_two_distributions_claiming_a_suffix(only: list[str], tmp_path: Path) -> None:
    _distribution(tmp_path, "word_a-1.0.dist-info", "[kommunchef.importers]\n.DOCX = a:importer\n")
    _distribution(tmp_path, "word_b-2.0.dist-info", "[kommunchef.importers]\ndocx = b:importer\n")
    only.append(str(tmp_path))
    with pytest.raises(FormatError) as caught:
        plugins.importers()
    message = str(caught.value)
    assert message.startswith("the suffix .docx is claimed by ")
    assert "word_a 1.0" in message
    assert "word_b 2.0" in message
    assert message.endswith(": uninstall all but one of them")


def test_a_command_name_found_twice_keeps_the_last(only: list[str], tmp_path: Path) -> None:
    _distribution(
        tmp_path, "cmd-1.0.dist-info", "[kommunchef.commands]\ngo = a:main\ngo = b:main\n"
    )
    only.append(str(tmp_path))
    assert plugins.commands()["go"].value == "b:main"


# What this reader leaves to importlib.metadata -----------------------------------------------------


def test_a_zip_on_sys_path(only: list[str], tmp_path: Path) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
        zipped.writestr(
            "zipped-1.0.dist-info/entry_points.txt", "[kommunchef.exporters]\nz = zipped:z\n"
        )
    only.append(str(archive))
    assert _rows(plugins.EXPORTERS) == [(plugins.EXPORTERS, "z", "zipped:z", "zipped", "1.0")]


def test_a_finder_that_provides_distributions(
    only: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = _distribution(
        tmp_path, "far-3.0.dist-info", "[kommunchef.exporters]\nfar = far:exporter\n"
    )

    class Finder:
        @staticmethod
        def find_spec(*_: object) -> None:
            return None

        @staticmethod
        def find_distributions(*_: object, **__: object) -> list[metadata.Distribution]:
            return [metadata.Distribution.at(elsewhere)]

    monkeypatch.setattr(sys, "meta_path", [Finder, *sys.meta_path])
    assert _rows(plugins.EXPORTERS) == [(plugins.EXPORTERS, "far", "far:exporter", "far", "3.0")]


def test_an_unusual_folder_name(only: list[str], tmp_path: Path) -> None:
    # importlib.metadata takes this distribution's name from its metadata.
    _distribution(
        tmp_path,
        "Shout-1.0.DIST-INFO",
        "[kommunchef.exporters]\nloud = shout:exporter\n",
        "Name: shout\nVersion: 1.0\n",
    )
    only.append(str(tmp_path))
    assert _rows(plugins.EXPORTERS) == _importlib_rows(plugins.EXPORTERS)
    assert len(_rows(plugins.EXPORTERS)) == 1


def test_importlib_metadata_failing_is_one_line(only: list[str], tmp_path: Path) -> None:
    archive = tmp_path / "broken.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("b-1.0.dist-info/entry_points.txt", "[kommunchef.exporters]\nno equals\n")
    only.append(str(archive))
    with pytest.raises(FormatError, match="cannot read the entry points of the installed"):
        plugins.exporters()


# Compared with importlib.metadata on generated installations --------------------------------------

_PLAIN = " \t=[]#;.:-_xyzX\xa0\u3000"
"""Characters that mean something in entry_points.txt or to str.strip."""
_ODD = _PLAIN + "\x0b\x0c\x1c\u2028\x85\r"
"""... and characters str.splitlines breaks lines at."""
_ENTRIES = st.builds(
    "{}={}".format,
    st.text(alphabet=_PLAIN.replace("=", ""), max_size=6),
    st.text(alphabet=_PLAIN, max_size=10),
)
_HEADERS = st.sampled_from(
    [
        "[kommunchef.exporters]",
        "[kommunchef.importers]",
        "[kommunchef.exporters]",
        "[kommunchef.importers]",
        "[ kommunchef.exporters]",
        "[[kommunchef.exporters]]",
        "\t[kommunchef.importers]\t",
        "[console_scripts]",
        "[]",
    ]
)
_WELL_FORMED = st.sampled_from(
    [
        "json = kommunchef.serialization:exporter",
        "x = a.b:c [extra1, extra2]",
        " x = a : b ",
        "TXT = m:importer",
        ".docx = m:importer",
        "a = b = c",
        "= nothing:named",
        "name =",
        "# comment = x:y",
        "# comment without equals",
        "; semicolon = x:y",
        "",
        "   ",
    ]
)
_CLEAN_LINES = st.one_of(_ENTRIES, _WELL_FORMED, _HEADERS)
_HOSTILE_LINES = st.one_of(
    _CLEAN_LINES, st.just("no equals sign"), st.text(alphabet=_ODD, max_size=8)
)
_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
_FOLDERS = st.sampled_from(
    [
        "alpha-1.0.dist-info",
        "Alpha-2.0.dist-info",
        "beta.gamma-1.0.dist-info",
        "beta_gamma-2.0.egg-info",
        "beta--gamma-3.0.dist-info",
        "delta.dist-info",
        "epsilon-1.0.dist-info",
        "zeta-1.0.DIST-INFO",
        "not-a-distribution",
    ]
)
_METADATA = st.sampled_from(
    [
        None,
        "",
        "Metadata-Version: 2.1\nName: generated\nVersion: 1.0\n",
        "Name: generated\n",
        "name:generated\nversion:\t9\n\nName: body\n",
        "Summary: s\nName: folded\n  on two lines\nVersion: 1\n",
        "Name: a\nName: b\nVersion: 1\nVersion: 2\n",
        "X: y\nno colon here\nName: later\n",
    ]
)


@st.composite
def _installations(draw: st.DrawFn) -> list[list[tuple[str, str | None, str | None]]]:
    """One or two sys.path folders, each with distributions (folder, entry points, metadata).
    One installation in five has a hostile file somewhere (lines importlib.metadata rejects)."""
    hostile = draw(st.integers(0, 4)) == 2
    roots = []
    for _ in range(draw(st.integers(1, 2))):
        folders = draw(st.lists(_FOLDERS, min_size=1, max_size=4, unique=True))
        root = []
        for folder in folders:
            lines = draw(
                st.lists(_HOSTILE_LINES if hostile else _CLEAN_LINES, min_size=1, max_size=8)
            )
            if draw(st.integers(0, 3)) > 0:  # most files start with a group
                lines.insert(0, draw(_HEADERS))
            ending = draw(_ENDINGS)
            text = None if draw(st.integers(0, 5)) == 3 else ending.join(lines)
            root.append((folder, text, draw(_METADATA)))
        roots.append(root)
    return roots


@settings(max_examples=200, deadline=None)
@given(installation=_installations())
def test_generated_installations_read_as_importlib_metadata_reads_them(
    installation: list[list[tuple[str, str | None, str | None]]],
) -> None:
    saved = sys.path[:]
    base = Path(tempfile.mkdtemp())
    try:
        sys.path[:] = []
        for index, distributions in enumerate(installation):
            root = base / str(index)
            root.mkdir()
            for folder, entry_points, metadata_text in distributions:
                _distribution(root, folder, entry_points, metadata_text)
            sys.path.append(str(root))
        plugins.refresh()
        found = 0
        for group in (plugins.EXPORTERS, plugins.IMPORTERS, "console_scripts"):
            try:
                expected: list[Row] | None = _importlib_rows(group)
            except Exception:
                expected = None
            if expected is None:
                event("importlib.metadata fails")
                with pytest.raises(FormatError):
                    plugins.entry_points(group)
            else:
                found += len(expected)
                assert _rows(group) == expected
        event(f"{min(found, 4)} entry points (4 or more)")
    finally:
        sys.path[:] = saved
        plugins.refresh()
        shutil.rmtree(base)


# The exporting and importing registries use it ------------------------------------------------


def test_exporting_and_importing_see_a_new_plugin_after_refresh(
    only: list[str], tmp_path: Path
) -> None:
    (tmp_path / "fake_reader.py").write_text(
        textwrap.dedent(
            """
            class Reader:
                name = "fake"
                description = "A fake reader"
                max_bytes = 100
                options = ()
                def read(self, data, *, date=None, meeting_id=None, **options):
                    raise NotImplementedError
            importer = Reader()
            """
        ),
        "utf-8",
    )
    _distribution(
        tmp_path,
        "fake_reader-0.1.dist-info",
        "[kommunchef.importers]\nfake = fake_reader:importer\n",
    )
    only.append(str(tmp_path))
    assert [info.suffix for info in available_importers()] == ["fake"]
    assert get_importer(".FAKE").name == "fake"
    assert "fake_reader" in sys.modules
    refresh()
    only.clear()
    assert available_importers() == []
    with pytest.raises(FormatError, match="unknown format 'json' \\(installed: none\\)"):
        get_exporter("json")
    del sys.modules["fake_reader"]
    importlib.invalidate_caches()
