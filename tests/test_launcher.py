"""The installed command's entry: ``--version`` at once, everything else through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import kommunchef
from kommunchef import cli, launcher


def test_version_is_the_same_on_every_path(capsys: pytest.CaptureFixture[str]) -> None:
    expected = f"kommunchef {kommunchef.__version__}\n"
    assert launcher.main(["--version"]) == 0
    assert capsys.readouterr().out == expected
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == expected
    # With anything else on the line, argparse answers, as before.
    with pytest.raises(SystemExit) as caught:
        launcher.main(["--version", "formats"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == expected


def test_other_commands_go_to_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert launcher.main(["formats"]) == 0
    listed = capsys.readouterr().out
    assert cli.main(["formats"]) == 0
    assert capsys.readouterr().out == listed
    assert launcher.main([]) == 2
    assert "usage: kommunchef" in capsys.readouterr().err


def _imported_after(arguments: list[str], modules: list[str]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has imported after running the command."""
    code = textwrap.dedent(
        f"""
        import contextlib, io, json, sys
        from kommunchef.launcher import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main({arguments!r})
            except SystemExit:
                pass
        print(json.dumps([name for name in {modules!r} if name in sys.modules]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    imported: list[str] = json.loads(result.stdout.splitlines()[-1])
    return imported


def test_version_loads_no_command_line() -> None:
    heavy = ["kommunchef.cli", "argparse", "pathlib", "typing", "attrs"]
    assert _imported_after(["--version"], heavy) == []


def test_a_command_loads_only_its_own_module() -> None:
    modules = [
        "kommunchef.series_commands",
        "kommunchef.site",
        "kommunchef.publication_cli",
        "importlib.metadata",
    ]
    assert _imported_after(["formats"], modules) == []
    assert _imported_after(["export", "--help"], modules) == ["kommunchef.publication_cli"]
    assert _imported_after(["check", "--help"], modules) == ["kommunchef.series_commands"]
    # The whole list of commands needs every module.
    assert _imported_after(["--help"], modules) == modules[:3]


# Leaving at once, when nothing is left to do -------------------------------------------------

SEED = Path(__file__).resolve().parents[1] / "examples" / "kcg-2021-10-08.json"


def _command(
    *arguments: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kommunchef", *arguments], capture_output=True, env=env, check=False
    )


def test_output_is_whole_and_the_status_kept(tmp_path: Path) -> None:
    from kommunchef.schema import schema_text

    result = _command("schema")
    assert result.returncode == 0
    assert result.stdout.decode("utf-8") == schema_text()
    target = tmp_path / "minutes.json"
    result = _command("export", str(SEED), "-f", "json", "-o", str(target))
    assert result.returncode == 0
    assert target.read_bytes() == kommunchef.export(kommunchef.load(SEED), "json")
    assert result.stdout.decode().strip() == str(target)
    (tmp_path / "bad.json").write_text("{", "utf-8")
    assert _command("validate", str(tmp_path / "bad.json")).returncode == 1
    assert _command().returncode == 2
    shown = _command("export", "--help", env=dict(os.environ, COLUMNS="80"))
    assert shown.returncode == 0
    reference = (Path(__file__).resolve().parents[1] / "docs" / "cli-reference.md").read_text(
        "utf-8"
    )
    assert shown.stdout.decode().startswith("usage: kommunchef export")
    assert f"```text\n{shown.stdout.decode().rstrip()}\n```" in reference
    refused = _command("export")
    assert refused.returncode == 2
    assert b"the following arguments are required: FILE" in refused.stderr


def _run_with(prelude: str, *arguments: str) -> str:
    """Standard output of ``launcher.run`` on ``arguments`` after ``prelude`` ran."""
    code = f"import sys\n{prelude}\nsys.argv = ['kommunchef', *{list(arguments)!r}]\n"
    code += "from kommunchef.launcher import run\nrun()\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_exit_handlers_still_run() -> None:
    prelude = "import atexit\natexit.register(print, 'the handler ran')"
    assert _run_with(prelude, "--version").endswith("the handler ran\n")
    assert _run_with(prelude, "formats").endswith("the handler ran\n")


def test_other_threads_are_waited_for() -> None:
    prelude = textwrap.dedent(
        """
        import threading, time
        def late():
            time.sleep(0.3)
            print("the thread finished", flush=True)
        threading.Thread(target=late).start()
        """
    )
    assert _run_with(prelude, "formats").endswith("the thread finished\n")


def test_a_plugin_command_exits_normally(tmp_path: Path) -> None:
    # The plugin leaves a file open with its data in Python's buffer: a normal exit
    # flushes it, leaving at once would lose it.
    (tmp_path / "fake_command.py").write_text(
        textwrap.dedent(
            """
            import sys
            def main(argv):
                global kept
                kept = open(argv[0], "w")
                kept.write("written at exit")
                return 0
            """
        ),
        "utf-8",
    )
    info = tmp_path / "fake_command-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Name: fake-command\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text(
        "[kommunchef.commands]\nfake = fake_command:main\n", "utf-8"
    )
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]))
    output = tmp_path / "out.txt"
    result = _command("fake", str(output), env=environment)
    assert result.returncode == 0, result.stderr
    assert output.read_text("utf-8") == "written at exit"


def test_the_table_of_commands_names_what_each_module_adds() -> None:
    import argparse

    from kommunchef.series_commands import HANDLERS

    parser = cli._build_parser([])
    (subcommands,) = (
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    assert list(subcommands.choices) == list(cli._PARSERS)
    assert set(cli._HANDLERS) == set(cli._PARSERS)
    assert {name for name, run in cli._HANDLERS.items() if run is cli._series} == set(HANDLERS)
