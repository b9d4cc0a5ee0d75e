"""The shipped JSON Schema agrees with what the converter writes and reads."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

import kommunchef
from kommunchef import Meeting
from kommunchef.schema import json_schema, schema_text
from kommunchef.testing import hostile_meeting, meetings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
VALIDATOR = jsonschema.Draft202012Validator(
    json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_shipped_copy_is_current() -> None:
    shipped = resources.files("kommunchef").joinpath("schema.json").read_text("utf-8")
    assert shipped == schema_text(), "regenerate it: kommunchef schema > src/kommunchef/schema.json"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings())
def test_every_written_document_matches_the_schema(meeting: Meeting) -> None:
    VALIDATOR.validate(json.loads(kommunchef.dumps(meeting)))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_examples_match_the_schema(path: Path) -> None:
    VALIDATOR.validate(json.loads(path.read_text("utf-8")))


def test_hostile_meeting_matches_the_schema() -> None:
    VALIDATOR.validate(json.loads(kommunchef.dumps(hostile_meeting())))


@pytest.mark.parametrize(
    "change",
    [
        {"format_version": 2},
        {"id": "Not A Slug"},
        {"unknown": 1},
        {"present": [{"name": "x", "extra": 1}]},
        {"agenda": [{"number": 0, "title": "x"}]},
        {"agenda": [{"number": 1, "title": "x", "body": [{"type": "table"}]}]},
        {"status": "done"},
        {"url": "javascript:alert(1)"},
    ],
)
def test_schema_rejects_what_the_loader_rejects(change: dict[str, Any]) -> None:
    document = {"format_version": 1, "id": "a", "date": "2021-10-08", **change}
    assert not VALIDATOR.is_valid(document)
    with pytest.raises(kommunchef.LoadError):
        kommunchef.loads(json.dumps(document))
