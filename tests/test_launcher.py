"""The installed command's entry: ``--version`` at once, everything else through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

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
