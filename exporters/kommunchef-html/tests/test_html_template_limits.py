"""An organisation template cannot make the sandbox build huge values or read without bound."""

from __future__ import annotations

from pathlib import Path

import pytest

import kommunchef
from kommunchef.errors import KommunchefError
from kommunchef.exporting import export

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "kcg-2021-10-08.json"

HOSTILE_TEMPLATES = [
    "{{ 'x'|center(2000000000) }}",
    "{{ '%*d'|format(2000000000, 1) }}",
    "{{ '%2000000000d'|format(1) }}",
    "{{ '%2000000000d' % 1 }}",
    "{{ '{:>2000000000}'.format(1) }}",
    "{{ '{:>{w}}'.format(1, w=2000000000) }}",
    "{{ '{0:>{1}}'.format_map({'a': 1}) }}",
    "{{ 'x'.ljust(2000000000) }}",
    "{{ 'x'.zfill(2000000000) }}",
    "{{ 'x'|indent(2000000000) }}",
    "{{ ('ab' * 500000)|replace('a', 'x' * 1000) }}",
    "{{ ('ab' * 500000).replace('a', 'x' * 1000) }}",
    "{% set l = [] %}{% for i in range(100000) %}{{ l.append('x' * 1000000) }}{% endfor %}",
    "{% set x = 2 ** 1000 %}{{ x ** 1000 }}",
    "{{ " + " * ".join(["(2 ** 1000)"] * 120) + " }}",
    "{{ lipsum(1000000000) }}",
    "{{ lipsum(1, max=1000000000) }}",
    "{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}",
]


@pytest.fixture(scope="module")
def meeting() -> kommunchef.Meeting:
    return kommunchef.load(EXAMPLE)


@pytest.mark.parametrize("source", HOSTILE_TEMPLATES)
def test_a_template_that_would_build_a_huge_value_is_refused(
    source: str, meeting: kommunchef.Meeting, tmp_path: Path
) -> None:
    template = tmp_path / "page.html.j2"
    template.write_text(source, "utf-8")
    with pytest.raises(
        KommunchefError,
        match=r"the template .* (tried something unsafe|failed|"
        r"undefined)",
    ):
        export(meeting, "html", template=str(template))


def test_small_values_are_still_allowed(meeting: kommunchef.Meeting, tmp_path: Path) -> None:
    template = tmp_path / "page.html.j2"
    template.write_text("{{ 'x'|center(9) }}|{{ '%5d'|format(42) }}|{{ 2 ** 10 }}", "utf-8")
    assert export(meeting, "html", template=str(template)) == b"    x    |   42|1024"


def test_an_endless_template_file_is_read_only_up_to_the_limit(
    meeting: kommunchef.Meeting,
) -> None:
    with pytest.raises(KommunchefError, match="larger than"):
        export(meeting, "html", template="/dev/zero")
