"""Exporter discovery through entry points, and the public export API."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import kommunchef
from kommunchef import FormatError, OptionError
from kommunchef.exporting import (
    available_formats,
    get_exporter,
    items_numbers,
    language_option,
    outline_of,
    refresh,
)
from kommunchef.serialization import exporter as json_exporter
from kommunchef.testing import check_exporter, hostile_meeting, meetings


def _fake_distribution(
    site: Path, name: str, entry_points: dict[str, str], modules: dict[str, str]
) -> None:
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", "utf-8")
    lines = "\n".join(f"{key} = {value}" for key, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[kommunchef.exporters]\n{lines}\n", "utf-8")
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source), "utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    refresh()
    yield tmp_path
    refresh()


GOOD_PLUGIN = """
    class Upper:
        name = "upper"
        media_type = "text/plain"
        suffix = ".up"
        description = "Shouting"
        def export(self, meeting, **options):
            from kommunchef.exporting import check_options
            check_options(self.name, options, ())
            return meeting.id.upper().encode()
    exporter = Upper()
"""


def test_third_party_plugin_is_found_and_used(site: Path) -> None:
    _fake_distribution(
        site, "kommunchef-upper", {"upper": "fake_upper:exporter"}, {"fake_upper": GOOD_PLUGIN}
    )
    refresh()
    names = {f.name: f for f in available_formats()}
    assert names["upper"].distribution == "kommunchef-upper"
    assert names["upper"].version == "1.0"
    assert "fake_upper" not in sys.modules, "listing formats must not import plugins"
    assert kommunchef.export(hostile_meeting(), "upper") == b"HOSTILE-2026-03-20"
    check_exporter(get_exporter("upper"), examples=5)


def test_two_distributions_claiming_one_name(site: Path) -> None:
    _fake_distribution(site, "dist-a", {"json": "fake_a:exporter"}, {})
    refresh()
    with pytest.raises(FormatError, match="format 'json' is claimed by") as caught:
        available_formats()
    assert "dist-a 1.0" in str(caught.value)
    assert f"kommunchef {kommunchef.__version__}" in str(caught.value)
    assert str(caught.value).endswith("uninstall all but one of them")


def test_plugin_that_fails_to_load(site: Path) -> None:
    _fake_distribution(
        site,
        "kommunchef-broken",
        {"broken": "fake_broken:exporter"},
        {"fake_broken": "raise ImportError('needs libfoo')\n"},
    )
    refresh()
    with pytest.raises(
        FormatError,
        match=r"'broken' exporter from kommunchef-broken 1\.0 cannot be loaded \(ImportError: needs libfoo\); reinstall kommunchef-broken",
    ):
        get_exporter("broken")


def test_entry_point_that_is_not_an_exporter(site: Path) -> None:
    _fake_distribution(
        site, "kommunchef-odd", {"odd": "fake_odd:exporter"}, {"fake_odd": "exporter = 42\n"}
    )
    refresh()
    with pytest.raises(FormatError, match="is not an exporter"):
        get_exporter("odd")


def test_entry_point_name_must_match(site: Path) -> None:
    _fake_distribution(
        site, "kommunchef-mis", {"mis": "fake_upper2:exporter"}, {"fake_upper2": GOOD_PLUGIN}
    )
    refresh()
    with pytest.raises(FormatError, match="gives an exporter named 'upper'"):
        get_exporter("mis")


def test_unknown_format_names_what_to_install() -> None:
    with pytest.raises(
        FormatError, match=r"unknown format 'odt' \(installed: .*json.*\); install kommunchef-odt"
    ):
        kommunchef.export(hostile_meeting(), "odt")


def test_json_exporter_conforms() -> None:
    check_exporter(json_exporter, examples=30)


def test_json_exporter_options() -> None:
    meeting = hostile_meeting()
    compact = kommunchef.export(meeting, "json", indent="none")
    assert b"\n" not in compact.rstrip(b"\n")
    assert kommunchef.loads(compact) == meeting
    with pytest.raises(OptionError, match="indent must be"):
        kommunchef.export(meeting, "json", indent="wide")
    with pytest.raises(OptionError, match="has no option 'colour'"):
        kommunchef.export(meeting, "json", colour="red")


def test_common_options() -> None:
    meeting = hostile_meeting()
    assert language_option(meeting, {}) == "sv"
    assert language_option(meeting, {"lang": "EN"}) == "en"
    with pytest.raises(OptionError, match="lang must be sv or en"):
        language_option(meeting, {"lang": "de"})
    assert items_numbers({}) is None
    assert items_numbers({"items": "2, 4"}) == (2, 4)
    part = outline_of(meeting, {"items": "4, 2", "lang": "en"})
    assert [i.number for i in part.items] == [2, 4]
    assert part.excerpt_note == "Excerpt: item 2, 4"
    with pytest.raises(OptionError, match="no agenda item 99"):
        outline_of(meeting, {"items": "2,99"})
    with pytest.raises(OptionError, match="agenda numbers"):
        items_numbers({"items": "two"})
    with pytest.raises(OptionError, match="agenda numbers"):
        items_numbers({"items": "١"})  # an Arabic-Indic digit is a digit, not an agenda number
    with pytest.raises(OptionError, match="at least one"):
        kommunchef.outline(meeting, items=[])


def test_import_kommunchef_imports_no_exporter_library() -> None:
    code = (
        "import sys, kommunchef\n"
        "kommunchef.available_formats()\n"
        "heavy = [m for m in ('docx', 'jinja2', 'icalendar', 'kommunchef_docx', 'kommunchef_html',"
        " 'kommunchef_ical', 'cattrs', 'babel') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(meetings())
def test_every_valid_meeting_exports_to_every_installed_format(meeting: kommunchef.Meeting) -> None:
    for info in available_formats():
        data = kommunchef.export(meeting, info.name)
        assert isinstance(data, bytes)
        assert data
