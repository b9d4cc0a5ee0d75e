"""The documentation: every Python sample runs, the CLI reference is current, the site builds.

Samples. Every fenced block of language ``python`` or ``py`` (```` ```python ````,
```` ```py title="x.py" ````) in README.md and in docs/**/*.md runs in CI. A page's samples run in order in one fresh namespace per page
(a later sample may use what an earlier one made), with the repository root as the working
directory, so samples can read ``examples/kcg-2021-10-08.json``.

* A sample that is not meant to run (a skeleton with ``...``, code included from a file) is
  marked by an HTML comment starting with ``<!-- no-test`` just above its fence, best with
  the reason: ``<!-- no-test: a skeleton -->``. Other one-line comments may stand between
  them (``<!-- fmt: off -->``). The comment shows neither on the site nor on GitHub.
* A sample that uses an exporter plugin of this repository that is not installed is skipped
  (and fails when ``KOMMUNCHEF_REQUIRE_CLIENTS=1``, as in CI, where every plugin is installed).

Fences are found with markdown-it-py, which reads Markdown as CommonMark does (fences inside
list items included).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import pytest
from pytest_kommunchef import skip_or_fail

from kommunchef.errors import FormatError

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NO_TEST = "<!-- no-test"
PAGES = sorted(
    [ROOT / "README.md", *DOCS.glob("**/*.md")], key=lambda path: str(path.relative_to(ROOT))
)
# The import names of this repository's plugins: a sample that imports one that is missing is
# skipped rather than failed outside CI.
PLUGIN_PACKAGES = {
    package.name
    for pattern in ("exporters/*/src/*", "examples/plugin-*/src/*")
    for package in ROOT.glob(pattern)
    if (package / "__init__.py").exists()
}


class Sample(NamedTuple):
    line: int
    """The line of the opening fence, counted from 1."""
    code: str
    run: bool


def python_samples(page: Path) -> list[Sample]:
    """The Python samples of a page, in order."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        skip_or_fail("markdown-it-py is needed to read the samples: pip install markdown-it-py")
        raise
    parser = MarkdownIt("commonmark")
    text = page.read_text(encoding="utf-8")
    lines = text.splitlines()
    samples = []
    for token in parser.parse(text):
        if token.type != "fence" or token.map is None:
            continue
        language = token.info.split(maxsplit=1)[0] if token.info.strip() else ""
        if language not in ("python", "py"):
            continue
        first = token.map[0]
        samples.append(
            Sample(first + 1, token.content, NO_TEST not in _comments_above(lines, first))
        )
    return samples


def _comments_above(lines: list[str], index: int) -> list[str]:
    """The one-line HTML comments just above line ``index`` (blank lines between allowed), as
    their first words: ``<!-- no-test``, ``<!-- fmt: off`` ..."""
    found = []
    for line in reversed(lines[:index]):
        stripped = line.strip()
        if not stripped:
            continue
        if not (stripped.startswith("<!--") and stripped.endswith("-->")):
            break
        found.append(stripped.split(":")[0].split(" -->")[0])
    return found


def _has_python_fence(page: Path) -> bool:
    return (
        re.search(r"^\s*(```|~~~)\s*py(thon)?(\s|$)", page.read_text(encoding="utf-8"), re.M)
        is not None
    )


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def run_samples(page: Path) -> int:
    """Run the page's samples in order in one namespace; return how many ran."""
    namespace: dict[str, object] = {"__name__": "__main__"}
    ran = 0
    for sample in python_samples(page):
        if not sample.run:
            continue
        where = f"{page.name}:{sample.line}"
        code = compile(sample.code, where, "exec")
        try:
            exec(code, namespace)
        except FormatError as error:
            if not str(error).startswith("unknown format"):
                raise
            skip_or_fail(f"{where}: the sample needs an exporter plugin: {error}")
        except ModuleNotFoundError as error:
            if error.name not in PLUGIN_PACKAGES:
                raise
            skip_or_fail(f"{where}: the sample needs the plugin package {error.name}")
        ran += 1
    return ran


@pytest.mark.parametrize("page", [p for p in PAGES if _has_python_fence(p)], ids=_page_id)
def test_python_samples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert python_samples(page), f"{_page_id(page)} has a Python fence that was not found"
    monkeypatch.chdir(ROOT)
    run_samples(page)


def test_samples_share_a_namespace_and_skip_for_missing_plugins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# A page\n\n```python\nimport kommunchef\nmeeting = kommunchef.load("
        '"examples/kcg-2021-10-08.json")\n```\n\n'
        "<!-- no-test: a skeleton -->\n```python\nraise SystemExit(1)\n```\n\n"
        '- in a list:\n\n  ```py title="x.py"\n  assert meeting.id == "kcg-2021-10-08"\n  ```\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(ROOT)
    assert run_samples(page) == 2
    with page.open("a", encoding="utf-8") as file:
        file.write('\n```python\nkommunchef.export(meeting, "no-such-format")\n```\n')
    monkeypatch.delenv("KOMMUNCHEF_REQUIRE_CLIENTS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs an exporter plugin"):
        run_samples(page)
    monkeypatch.setenv("KOMMUNCHEF_REQUIRE_CLIENTS", "1")
    with pytest.raises(pytest.fail.Exception, match="needs an exporter plugin"):
        run_samples(page)
    page.write_text("```python\nraise ValueError('a broken sample')\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match="a broken sample"):
        run_samples(page)


def test_every_page_with_samples_is_tested() -> None:
    """The samples that exist are found, and the marker is used only before a fence."""
    tested = [p for p in PAGES if _has_python_fence(p)]
    assert ROOT / "README.md" in tested
    assert DOCS / "getting-started.md" in tested
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.strip().startswith(NO_TEST):
                following = next(
                    (n.strip() for n in lines[number + 1 :] if n.strip() and "<!--" not in n), ""
                )
                assert following.startswith(("```", "~~~")), (
                    f"{_page_id(page)}:{number + 1}: {NO_TEST} must stand just above a fence"
                )


def test_sample_marker_is_honoured() -> None:
    page = DOCS / "exporters" / "markdown.md"
    samples = python_samples(page)
    assert [s.run for s in samples] == [True, False, False]
    assert "--8<--" in samples[1].code


# The CLI reference ---------------------------------------------------------------------------


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_cli_reference", DOCS / "gen_cli_reference.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    generator = _generator()
    committed = (DOCS / "cli-reference.md").read_text(encoding="utf-8")
    documented = sorted(re.findall(r"^### kommunchef (\S+)$", committed, re.M))
    installed = generator.plugin_commands()
    if documented != installed:
        skip_or_fail(
            f"the reference documents the plugin commands {documented} but {installed} are "
            "installed: install every plugin of the repository, or run "
            "python docs/gen_cli_reference.py"
        )
    assert generator.render() == committed, (
        "docs/cli-reference.md is out of date: run python docs/gen_cli_reference.py"
    )


def test_cli_reference_covers_every_command() -> None:
    committed = (DOCS / "cli-reference.md").read_text(encoding="utf-8")
    from kommunchef.cli import _HANDLERS

    for command in _HANDLERS:
        assert f"\n## kommunchef {command}\n\n```text\nusage: kommunchef {command} " in committed
    assert "\n## kommunchef\n\n```text\nusage: kommunchef [-h] [--version] COMMAND ...\n" in (
        committed
    )


# The Markdown example plugin's page shows its real output -----------------------------------


def test_markdown_page_sample_is_real_output() -> None:
    try:
        from kommunchef_markdown import exporter
    except ModuleNotFoundError:
        skip_or_fail(
            "kommunchef-markdown is not installed: pip install -e exporters/kommunchef-markdown"
        )
        raise
    import kommunchef

    text = (DOCS / "exporters" / "markdown.md").read_text(encoding="utf-8")
    found = re.search(r"^```markdown\n(.*?)^```$", text, re.M | re.S)
    assert found is not None
    meeting = kommunchef.load(ROOT / "examples" / "invite-2026-12.json")
    assert found.group(1) == exporter.export(meeting, items="1").decode("utf-8")


# The site --------------------------------------------------------------------------------------


def test_site_builds_strict(tmp_path: Path) -> None:
    """``mkdocs build --strict``: any warning (a broken link, a missing page, a docstring
    cross-reference that does not resolve) fails."""
    for module in ("mkdocs", "material", "mkdocstrings_handlers.python", "pymdownx"):
        if importlib.util.find_spec(module.split(".")[0]) is None:
            skip_or_fail(f"{module} is not installed: pip install -r requirements-test.txt")
    site = tmp_path / "site"
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    model = (site / "reference" / "model" / "index.html").read_text(encoding="utf-8")
    assert 'id="kommunchef.model.Meeting"' in model
    markdown_page = (site / "exporters" / "markdown" / "index.html").read_text(encoding="utf-8")
    assert "kommunchef_markdown:exporter" in markdown_page  # the included pyproject.toml
    assert "class MarkdownExporter" in re.sub(r"<[^>]+>", "", markdown_page)
    # No request leaves the site: no web fonts, nothing from a CDN.
    for page in site.glob("**/*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html, page
        assert "fonts.gstatic.com" not in html, page
