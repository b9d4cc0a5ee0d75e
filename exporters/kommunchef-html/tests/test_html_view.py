"""What page templates receive: the outline always, the dict view only for templates that read it.

The built-in page renders from the outline alone. An organisation's template that reads
``meeting`` or ``labels`` (itself or through a template it extends, includes or imports) gets
the dict view as before; one that does not is rendered without building it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import kommunchef_html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kommunchef_html import MACROS_TEMPLATE, PAGE_TEMPLATE, exporter
from kommunchef_html._view import clean_text, page_bytes, uses_view

from kommunchef.document import Outline
from kommunchef.model import Meeting
from kommunchef.testing import hostile_meeting, meetings

PAGE_FROM_VIEW = Path(__file__).with_name("data") / "page_from_view.html.j2"

OUTLINE_ONLY = """\
<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ outline.title }}</title></head>
<body><main><h1>{{ outline.title }}</h1>
{% for item in outline.items %}<h2>{{ item.heading }}</h2>{% endfor %}
</main></body></html>
"""

READS_MEETING = """\
<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ meeting.title }}</title></head>
<body><main><h1>{{ labels.minutes }}: {{ meeting.date.long }}</h1>
{% for item in meeting.agenda %}<h2>{{ item.number }}. {{ item.title }}</h2>{% endfor %}
</main></body></html>
"""


@pytest.fixture
def view_counter(monkeypatch: pytest.MonkeyPatch) -> list[Outline]:
    """Every outline the dict view is built for, while the test runs."""
    built: list[Outline] = []
    original = kommunchef_html._view.build_context

    def counting(document: Outline) -> dict[str, Any]:
        built.append(document)
        return original(document)

    monkeypatch.setattr(kommunchef_html._view, "build_context", counting)
    return built


# -- the decision -------------------------------------------------------------------------------


def test_built_in_page_is_rendered_without_the_view(
    seed: Meeting, view_counter: list[Outline]
) -> None:
    assert exporter.export(seed).startswith(b"<!DOCTYPE html>")
    assert view_counter == []


def test_template_reading_only_the_outline_gets_no_view(
    seed: Meeting,
    tmp_path: Path,
    view_counter: list[Outline],
    write: Callable[..., str],
) -> None:
    page = exporter.export(seed, template=write(tmp_path, OUTLINE_ONLY)).decode()
    assert "<h2>1. Möte med Västra Götalandsregionens ledning</h2>" in page
    assert view_counter == []


def test_template_reading_meeting_gets_the_view(
    seed: Meeting,
    tmp_path: Path,
    view_counter: list[Outline],
    write: Callable[..., str],
) -> None:
    page = exporter.export(seed, template=write(tmp_path, READS_MEETING)).decode()
    assert "<h1>Anteckningar: fredag 8 oktober 2021</h1>" in page
    assert "<h2>1. Möte med Västra Götalandsregionens ledning</h2>" in page
    assert len(view_counter) == 1


def test_extending_the_page_renders_it_identically_without_the_view(
    seed: Meeting,
    tmp_path: Path,
    view_counter: list[Outline],
    write: Callable[..., str],
) -> None:
    template = write(tmp_path, '{% extends "page.html.j2" %}\n')
    for options in ({}, {"lang": "en"}, {"items": "2,4"}):
        assert exporter.export(seed, template=template, **options) == exporter.export(
            seed, **options
        )
    assert view_counter == []


def test_a_block_reading_labels_brings_the_view(
    seed: Meeting,
    tmp_path: Path,
    view_counter: list[Outline],
    write: Callable[..., str],
) -> None:
    template = write(
        tmp_path,
        '{% extends "page.html.j2" %}\n{% block banner %}<p>{{ labels.minutes }}</p>'
        "{% endblock %}\n",
    )
    assert "<p>Anteckningar</p>" in exporter.export(seed, template=template).decode()
    assert len(view_counter) == 1


def _environment(templates: dict[str, str]) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates))


@pytest.mark.parametrize(
    ("templates", "expected"),
    [
        ({"main": "{{ outline.title }}"}, False),
        ({"main": "{{ meeting.title }}"}, True),
        ({"main": "{% if x %}{{ labels.minutes }}{% endif %}"}, True),
        ({"main": "{% set meeting = outline %}{{ meeting.title }}"}, False),
        ({"main": "{% for meeting in outline.items %}{{ meeting }}{% endfor %}"}, False),
        ({"main": '{% extends "base" %}', "base": "{{ meeting.id }}"}, True),
        ({"main": '{% include "a" %}', "a": '{% import "b" as b %}', "b": "{{ labels }}"}, True),
        ({"main": '{% include "a" %}', "a": '{% include "main" %}'}, False),  # a cycle
        ({"main": '{% include "missing" %}'}, False),
        ({"main": '{% include "broken" %}', "broken": "{% if %}"}, True),
        ({"main": "{% include name %}"}, True),  # known only when rendering
    ],
)
def test_uses_view_follows_the_templates_a_template_loads(
    templates: dict[str, str], expected: bool
) -> None:
    environment = _environment(templates)
    parsed = environment.parse(templates["main"])
    assert uses_view(environment, parsed) is expected


def test_built_in_templates_read_only_the_outline() -> None:
    # The built-in page is rendered without the view without checking each time.
    environment = kommunchef_html._environment()
    assert environment.loader is not None
    for name in (PAGE_TEMPLATE, MACROS_TEMPLATE):
        source, _, _ = environment.loader.get_source(environment, name)
        assert not uses_view(environment, environment.parse(source)), name


# -- the same page from the outline and from the view ----------------------------------------------


def _same_page_from_the_view(meeting: Meeting, **options: str) -> None:
    from_view = exporter.export(meeting, template=str(PAGE_FROM_VIEW), **options)
    assert from_view == exporter.export(meeting, **options)


def test_page_from_the_view_equals_the_page_from_the_outline(seed: Meeting) -> None:
    for options in ({}, {"lang": "en"}, {"items": "1,3,6"}):
        _same_page_from_the_view(seed, **options)
    _same_page_from_the_view(hostile_meeting())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(meetings())
def test_page_from_the_view_equals_the_page_from_the_outline_for_any_meeting(
    meeting: Meeting,
) -> None:
    _same_page_from_the_view(meeting)


# -- noncharacters ---------------------------------------------------------------------------------

_SOME_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        # noncharacters, and characters whose UTF-8 holds the bytes EF or BF like theirs
        st.sampled_from("\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff\ufdcf\ufdf0\ufeff¿ÿ\u07ff"),
    )
)


@given(_SOME_TEXT)
def test_page_bytes_are_the_cleaned_text_encoded(text: str) -> None:
    assert page_bytes(text) == clean_text(text).encode("utf-8")


def test_noncharacters_in_a_template_of_its_own_are_replaced_too(
    seed: Meeting,
    tmp_path: Path,
    write: Callable[..., str],
) -> None:
    template = write(tmp_path, "<p>\ufdd0 {{ outline.title }}</p>")
    assert exporter.export(seed, template=template).decode().startswith("<p>\ufffd Anteckningar")
