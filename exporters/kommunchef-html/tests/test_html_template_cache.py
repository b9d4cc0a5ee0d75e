"""Compiled templates kept in the user's cache folder: used when they can be trusted, never an error.

Every test uses a folder of its own (the test session sets ``KOMMUNCHEF_CACHE_DIR``); nothing is
written to the real user cache.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import kommunchef_html
import pytest
from kommunchef_html import MACROS_TEMPLATE, PAGE_TEMPLATE, exporter
from kommunchef_html._bytecode import CACHE_VARIABLE, TemplateCache, cache_folder

import kommunchef
from kommunchef.errors import OptionError
from kommunchef.model import Meeting

REPOSITORY = Path(__file__).resolve().parents[3]
SEED = REPOSITORY / "examples" / "kcg-2021-10-08.json"
TEMPLATES = Path(kommunchef_html.__file__).with_name("templates")


@pytest.fixture(scope="module")
def seed_page(seed: Meeting) -> str:
    return exporter.export(seed).decode()


def environment(folder: Path, settings: str = "test") -> jinja2.Environment:
    """A new environment like the exporter's, with its own cache in ``folder``."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=TemplateCache(folder, settings),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(env: jinja2.Environment, meeting: Meeting) -> str:
    from kommunchef_html._view import page_context

    context = page_context(kommunchef.outline(meeting))
    context["css"] = kommunchef_html.default_stylesheet()
    return env.get_template(PAGE_TEMPLATE).render(context)


def compiled_names(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates ``env`` compiles from now on."""
    names: list[str] = []
    compile_ = env.compile

    def counting(source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        names.append(str(name))
        return compile_(source, name, *args, **kwargs)

    monkeypatch.setattr(env, "compile", counting)
    return names


# -- where ----------------------------------------------------------------------------------------


def test_cache_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "kc"))
    assert cache_folder() == tmp_path / "kc" / "templates"
    monkeypatch.setenv(CACHE_VARIABLE, "")
    assert cache_folder() is None  # turned off
    monkeypatch.setenv(CACHE_VARIABLE, "relative/path")
    assert cache_folder() is None
    monkeypatch.delenv(CACHE_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "kommunchef" / "templates"
    monkeypatch.setenv("XDG_CACHE_HOME", "not/absolute")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "kommunchef" / "templates"


def test_the_tests_never_use_the_real_user_cache() -> None:
    folder = cache_folder()
    assert folder is not None
    assert not folder.is_relative_to(Path.home() / ".cache")


# -- using it -------------------------------------------------------------------------------------


def test_a_new_process_loads_what_an_earlier_one_compiled(
    seed: Meeting, seed_page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = environment(tmp_path)
    assert render(first, seed) == seed_page
    files = sorted(path.name for path in tmp_path.iterdir())
    assert len(files) == 2  # the page and the macros
    assert all(name.endswith(".cache") for name in files)

    second = environment(tmp_path)
    compiled = compiled_names(second, monkeypatch)
    assert render(second, seed) == seed_page
    assert compiled == []


def test_other_settings_and_changed_sources_are_compiled_again(
    seed: Meeting, seed_page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render(environment(tmp_path), seed)
    other = environment(tmp_path, settings="sandboxed")
    compiled = compiled_names(other, monkeypatch)
    assert render(other, seed) == seed_page
    assert sorted(compiled) == [MACROS_TEMPLATE, PAGE_TEMPLATE]
    assert len(list(tmp_path.iterdir())) == 4  # each settings' own files

    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "t.j2").write_text("one", encoding="utf-8")
    cache = TemplateCache(tmp_path / "c", "test")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(changed), bytecode_cache=cache)
    assert env.get_template("t.j2").render() == "one"
    (changed / "t.j2").write_text("two", encoding="utf-8")
    fresh = jinja2.Environment(loader=jinja2.FileSystemLoader(changed), bytecode_cache=cache)
    assert fresh.get_template("t.j2").render() == "two"


def _header_with(code: bytes) -> Callable[[bytes], bytes]:
    """The file's own header (the right source checksum) followed by ``code``."""
    return lambda data: data[: data.index(b"\n", data.index(b"\n") + 1) + 1] + code


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[:-40],  # cut short
        lambda data: b"garbage" + data,
        _header_with(b"\x00" * 100),  # not marshal data
        _header_with(marshal.dumps(42)),  # marshal data, not code
    ],
    ids=["empty", "cut short", "foreign", "not marshal data", "not code"],
)
def test_a_damaged_cache_file_is_ignored_and_replaced(
    seed: Meeting,
    seed_page: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[bytes], bytes],
) -> None:
    render(environment(tmp_path), seed)
    for path in tmp_path.iterdir():
        path.write_bytes(damage(path.read_bytes()))

    env = environment(tmp_path)
    compiled = compiled_names(env, monkeypatch)
    assert render(env, seed) == seed_page
    assert sorted(compiled) == [MACROS_TEMPLATE, PAGE_TEMPLATE]

    again = environment(tmp_path)  # the files were written anew
    assert compiled_names(again, monkeypatch) == []
    assert render(again, seed) == seed_page


def test_a_cache_that_cannot_be_written_only_means_compiling(
    seed: Meeting, seed_page: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for folder in (blocker / "templates", blocker):
        assert render(environment(folder), seed) == seed_page
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_folder_others_can_write_to_is_not_trusted(
    seed: Meeting, seed_page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render(environment(tmp_path), seed)
    written = sorted(tmp_path.iterdir())
    tmp_path.chmod(0o777)
    try:
        env = environment(tmp_path)
        compiled = compiled_names(env, monkeypatch)
        assert render(env, seed) == seed_page
        assert sorted(compiled) == [MACROS_TEMPLATE, PAGE_TEMPLATE]  # nothing read
        assert sorted(tmp_path.iterdir()) == written  # nothing added
    finally:
        tmp_path.chmod(0o700)


def test_cache_folder_is_made_private(seed: Meeting, tmp_path: Path) -> None:
    folder = tmp_path / "new" / "templates"
    render(environment(folder), seed)
    assert folder.stat().st_mode & 0o077 == 0


# -- the exporter ---------------------------------------------------------------------------------

_EXPORT = """
import sys
import kommunchef
sys.stdout.buffer.write(kommunchef.export(kommunchef.load(sys.argv[1]), "html"))
"""


def _export_in_processes(folder: Path, count: int) -> list[bytes]:
    environment = {**os.environ, CACHE_VARIABLE: str(folder)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _EXPORT, str(SEED)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(count)
    ]
    outputs = []
    for process in processes:
        out, error = process.communicate(timeout=120)
        assert process.returncode == 0, error.decode()
        outputs.append(out)
    return outputs


def test_processes_at_once_share_one_cache(seed_page: str, tmp_path: Path) -> None:
    # Started together on an empty cache: each compiles and writes; none reads half a file.
    outputs = _export_in_processes(tmp_path, 4)
    assert set(outputs) == {seed_page.encode()}
    files = sorted((tmp_path / "templates").iterdir())
    assert [path.suffix for path in files] == [".cache", ".cache"]
    assert _export_in_processes(tmp_path, 2) == [seed_page.encode()] * 2
    assert sorted((tmp_path / "templates").iterdir()) == files


def test_prepare_compiles_what_exports_render(
    seed: Meeting, seed_page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    env = kommunchef_html._environment.__wrapped__()  # a new one, with this cache
    monkeypatch.setattr(kommunchef_html, "_environment", lambda: env)
    compiled = compiled_names(env, monkeypatch)
    exporter.prepare()
    assert sorted(compiled) == [MACROS_TEMPLATE, PAGE_TEMPLATE]
    assert exporter.export(seed).decode() == seed_page
    assert sorted(compiled) == [MACROS_TEMPLATE, PAGE_TEMPLATE]  # nothing more to compile
    assert len(list((tmp_path / "templates").iterdir())) == 2


def test_prepare_with_a_template_reads_it_and_reports_its_errors(
    seed: Meeting, tmp_path: Path
) -> None:
    template = tmp_path / "mall.html.j2"
    template.write_text('{% extends "page.html.j2" %}', encoding="utf-8")
    exporter.prepare(template=str(template), lang="en")
    with pytest.raises(OptionError, match="does not exist"):
        exporter.prepare(template=str(tmp_path / "missing.html.j2"))
    with pytest.raises(OptionError, match="no option"):
        exporter.prepare(colour="red")
