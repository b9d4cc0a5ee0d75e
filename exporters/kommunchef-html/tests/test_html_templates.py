"""The ``template=PATH`` option: an organisation's own template, rendered in the sandbox."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import kommunchef_html
import pytest
from kommunchef_html import exporter
from kommunchef_html.testing import (
    ALLOWED_ELEMENTS,
    assert_facts_in_order,
    check_inert,
    check_structure,
    meeting_facts,
    parse_page,
)

from kommunchef.errors import ExportError, OptionError
from kommunchef.model import Language, Meeting
from kommunchef.testing import hostile_meeting

EXTENDING = """\
{% extends "page.html.j2" %}
{% block banner %}
<header class="site"><p>Exempelkommunen</p></header>
{% endblock %}
{% block footer %}
<footer><p>{{ labels.recorded_by }}: {{ meeting.recorded_by.name }}. Publicerad av kansliet.</p></footer>
{% endblock %}
"""

STANDALONE = """\
{% import "macros.html.j2" as m %}
<!DOCTYPE html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ meeting.title }}</title><style>{{ css }}</style></head>
<body>
<main>
<h1>{{ meeting.kind_label }} {{ meeting.body }}</h1>
{% for item in meeting.agenda %}
<h2>{{ item.number }}. {{ item.title }}</h2>
{% for b in item.body %}{{ m.block(b) }}{% endfor %}
{% endfor %}
</main>
</body>
</html>
"""


def test_template_extending_the_built_in_page(
    seed: Meeting, tmp_path: Path, write: Callable[..., str]
) -> None:
    page = parse_page(exporter.export(seed, template=write(tmp_path, EXTENDING)))
    check_structure(page, "sv")
    banner = page.body.elements()[0]
    assert banner.tag == "header"
    assert banner.text == "Exempelkommunen"
    assert page.body.find("footer").text == (
        "Antecknat av: Gunnel Rydberg. Publicerad av kansliet."
    )
    # Everything else of the built-in page is still there.
    facts = meeting_facts(seed, Language.SV)
    assert_facts_in_order(page, facts[: facts.index("Antecknat av")])
    assert len(page.find_all("section", class_="item")) == 6


def test_standalone_template_with_the_shared_macros(
    seed: Meeting, tmp_path: Path, write: Callable[..., str]
) -> None:
    page = parse_page(exporter.export(seed, template=write(tmp_path, STANDALONE), lang="en"))
    check_structure(page, "en")
    assert page.find("h1").text == "Minutes Kommunchefsgruppen"
    assert page.find_all("h2")[0].text == ("1. Möte med Västra Götalandsregionens ledning")
    link = page.find("a")
    assert link.attrs["href"] == "http://websvrnu.his.se/hd2021/Tema-3_punkt-2_Daniel_Melin.webm"
    assert page.find("style").raw_text == str(kommunchef_html.default_stylesheet())


def test_template_output_is_escaped(tmp_path: Path, write: Callable[..., str]) -> None:
    template = write(
        tmp_path,
        '<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8">'
        '<title>{{ meeting.body }}</title></head><body><main><h1 title="{{ meeting.location }}">'
        "{{ meeting.body }}</h1>{% for item in meeting.agenda %}<p>{{ item.title }}</p>"
        "{% endfor %}</main></body></html>",
    )
    meeting = hostile_meeting()
    page = parse_page(exporter.export(meeting, template=template))
    check_structure(page, "sv")
    check_inert(page, allowed=ALLOWED_ELEMENTS)
    assert page.find("h1").raw_text == "<script>alert(1)</script>"
    assert page.find("h1").attrs["title"] == '"><img src=x onerror=alert(1)>'
    assert [p.raw_text for p in page.find_all("p")][:2] == [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
    ]


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ meeting.__class__ }}",
        "{{ lipsum.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ labels.__init__ }}",
        "{{ '{0.__class__}'.format(1) }}",
        "{{ 'x' * 50000000 }}",
        "{{ [0] * 50000000 }}",
        "{{ 9 ** 9999999 }}",
    ],
)
def test_sandbox_refuses_escapes(
    seed: Meeting, tmp_path: Path, expression: str, write: Callable[..., str]
) -> None:
    template = write(tmp_path, f"<p>{expression}</p>")
    with pytest.raises(ExportError, match=r"the template .*mall\.html\.j2 tried something unsafe"):
        exporter.export(seed, template=template)


def test_sandbox_refuses_huge_ranges(
    seed: Meeting, tmp_path: Path, write: Callable[..., str]
) -> None:
    template = write(tmp_path, "{% for i in range(10000000) %}{% endfor %}")
    with pytest.raises(ExportError, match="failed: OverflowError"):
        exporter.export(seed, template=template)


def test_model_methods_are_not_reachable(
    seed: Meeting, tmp_path: Path, write: Callable[..., str]
) -> None:
    # The template sees plain data: there is no model object whose methods it could call.
    template = write(tmp_path, "{{ meeting.participants() }}")
    with pytest.raises(ExportError, match="uses something undefined"):
        exporter.export(seed, template=template)


def test_missing_template_file(seed: Meeting, tmp_path: Path) -> None:
    missing = tmp_path / "saknas.html.j2"
    with pytest.raises(OptionError, match=f"the template file {missing} does not exist"):
        exporter.export(seed, template=str(missing))


def test_template_that_is_a_directory(seed: Meeting, tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="is a directory, not a file"):
        exporter.export(seed, template=str(tmp_path))


def test_template_that_is_not_utf8(seed: Meeting, tmp_path: Path) -> None:
    path = tmp_path / "latin1.html.j2"
    path.write_bytes("<p>Möte</p>".encode("latin-1"))
    with pytest.raises(OptionError, match="is not UTF-8 text"):
        exporter.export(seed, template=str(path))


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_template(seed: Meeting, tmp_path: Path, write: Callable[..., str]) -> None:
    path = Path(write(tmp_path, "<p>x</p>"))
    path.chmod(0)
    try:
        with pytest.raises(OptionError, match="cannot be read"):
            exporter.export(seed, template=str(path))
    finally:
        path.chmod(0o600)


def test_template_path_the_system_refuses(seed: Meeting, tmp_path: Path) -> None:
    too_long = tmp_path / ("x" * 300 + ".html.j2")
    with pytest.raises(OptionError, match="cannot be read: File name too long"):
        exporter.export(seed, template=str(too_long))
    with pytest.raises(OptionError, match="is not valid"):
        exporter.export(seed, template=str(tmp_path / "a\0b"))


def test_template_syntax_error_names_the_line(
    seed: Meeting, tmp_path: Path, write: Callable[..., str]
) -> None:
    template = write(tmp_path, "<p>ok</p>\n<p>{% if %}</p>\n")
    with pytest.raises(ExportError, match=r"mall\.html\.j2 has a syntax error on line 2"):
        exporter.export(seed, template=template)


def test_undefined_variable(seed: Meeting, tmp_path: Path, write: Callable[..., str]) -> None:
    template = write(tmp_path, "<p>{{ meeting.secretary }}</p>")
    with pytest.raises(ExportError, match=r"uses something undefined.*secretary"):
        exporter.export(seed, template=template)


def test_unknown_parent_template(seed: Meeting, tmp_path: Path, write: Callable[..., str]) -> None:
    template = write(tmp_path, '{% extends "sida.html.j2" %}')
    with pytest.raises(ExportError, match=r"does not exist: sida\.html\.j2 \(available: page"):
        exporter.export(seed, template=template)


def test_template_runtime_error(seed: Meeting, tmp_path: Path, write: Callable[..., str]) -> None:
    template = write(tmp_path, "<p>{{ 1 // 0 }}</p>")
    with pytest.raises(ExportError, match="failed: ZeroDivisionError"):
        exporter.export(seed, template=template)


def test_changed_template_file_is_read_again(
    seed: Meeting, tmp_path: Path, write: Callable[..., str]
) -> None:
    template = write(tmp_path, "<p>första</p>")
    assert parse_page(exporter.export(seed, template=template)).find("p").text == "första"
    write(tmp_path, "<p>andra</p>")
    assert parse_page(exporter.export(seed, template=template)).find("p").text == "andra"


def test_compiled_custom_template_is_cached(
    seed: Meeting, tmp_path: Path, write: Callable[..., str]
) -> None:
    template = write(tmp_path, "<p>{{ meeting.body }}</p>")
    exporter.export(seed, template=template)
    hits = kommunchef_html._compile_custom.cache_info().hits
    exporter.export(seed, template=template)
    assert kommunchef_html._compile_custom.cache_info().hits == hits + 1


def test_user_text_is_never_a_template(tmp_path: Path, write: Callable[..., str]) -> None:
    # "{{ 7*7 }}" in the meeting is text for both the built-in and a custom template.
    meeting = hostile_meeting()
    template = write(
        tmp_path, "{% for item in meeting.agenda %}<p>{{ item.title }}</p>{% endfor %}"
    )
    for data in (exporter.export(meeting), exporter.export(meeting, template=template)):
        texts = [p.raw_text for p in parse_page(data).find_all("p", "bdi")]
        assert "{{ 7*7 }} {% if %} ${x}" in texts
        assert "49" not in texts
