"""The JSON document: lossless round trips and complete, path-carrying errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kommunchef
from kommunchef import LoadError, Meeting, model, quick_reader, quick_reader_source, serialization
from kommunchef._checks import MAX_TEXT_LENGTH
from kommunchef.converter import converter
from kommunchef.serialization import MAX_DOCUMENT_BYTES, to_dict
from kommunchef.testing import hostile_meeting, meetings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings())
def test_round_trip(meeting: Meeting) -> None:
    assert kommunchef.loads(kommunchef.dumps(meeting)) == meeting


def test_round_trip_of_hostile_meeting() -> None:
    meeting = hostile_meeting()
    assert kommunchef.loads(kommunchef.dumps(meeting)) == meeting


def test_document_carries_format_version_first() -> None:
    document = json.loads(kommunchef.dumps(hostile_meeting()))
    assert next(iter(document)) == "format_version"
    assert document["format_version"] == 1


def _seed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "kcg-2021-10-08.json").read_text("utf-8"))
    return data


def _problems(document: object) -> dict[str, str]:
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(LoadError) as caught:
        kommunchef.loads(text)
    return {p.path: p.message for p in caught.value.problems} or {"": str(caught.value)}


def test_every_problem_is_reported_with_its_path() -> None:
    data = _seed()
    data["id"] = "Not a slug"
    data["revision"] = "2"
    data["present"][1]["name"] = "  "
    data["present"][2]["email"] = "nobody"
    data["present"][3]["shoe_size"] = 42
    data["agenda"][1]["body"][1]["content"][0]["url"] = "javascript:alert(1)"
    data["agenda"][0]["decisions"][0]["content"] = []
    data["agenda"][4]["body"][0]["type"] = "table"
    data["upcoming"][0]["date"] = "2021-11-31"
    data["start"] = "2021-10-08T09:00:00"
    problems = _problems(data)
    assert problems == {
        "id": "'Not a slug' is not a valid id: use 1-100 lower-case letters a-z, digits and "
        "single hyphens, such as 'kcg-2021-10-08'",
        "revision": "expected an integer, got a string",
        "present[1].name": "must not be blank",
        "present[2].email": "'nobody' is not a valid email address",
        "present[3]": "unknown field(s) shoe_size (allowed: name, organisation, title, email)",
        "agenda[1].body[1].content[0].url": "'javascript:alert(1)' is not an allowed link: "
        "only http, https and mailto URLs are allowed",
        "agenda[0].decisions[0].content": "must not be empty",
        "agenda[4].body[0]": "block type is 'table'; expected one of paragraph, heading, "
        "bullet_list, numbered_list",
        "upcoming[0].date": "'2021-11-31' is not a valid date (YYYY-MM-DD) (day is out of "
        "range for month)",
        "start": "2021-10-08T09:00:00 has no time zone: give an offset such as +02:00",
    }


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"present": "Maria"}, "present", "expected a list, got a string"),
        ({"present": [["Maria"]]}, "present[0]", "expected an object, got a list"),
        ({"cancelled": True}, "", "unknown field(s) cancelled"),
        ({"status": "done"}, "status", "'done' is not one of planned, held, cancelled"),
        ({"language": 1}, "language", "expected one of sv, en, got an integer"),
        ({"agenda": [{"title": "x"}]}, "agenda[0].number", "required field missing"),
        ({"agenda": [{"number": "1", "title": "x"}]}, "agenda[0].number", "expected an integer"),
        (
            {"upcoming": [{"date": "2021-11-11", "title": "x", "cancelled": "yes"}]},
            "upcoming[0].cancelled",
            "expected true or false, got a string",
        ),
        ({"recorded_by": {"name": "A\u0007"}}, "recorded_by.name", "U+0007"),
        (
            {"agenda": [{"number": 1, "title": "x", "body": [{"content": ["a"]}]}]},
            "agenda[0].body[0]",
            "block type is missing",
        ),
        (
            {
                "agenda": [
                    {"number": 1, "title": "x", "body": [{"type": "paragraph", "content": [3]}]}
                ]
            },
            "agenda[0].body[0].content[0]",
            "expected a string or a link object",
        ),
    ],
)
def test_wrong_types_are_not_coerced(change: dict[str, Any], path: str, message: str) -> None:
    data = {"format_version": 1, "id": "a", "date": "2021-10-08", **change}
    problems = _problems(data)
    assert path in problems, problems
    assert message in problems[path]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("", "not valid JSON: Expecting value at line 1, column 1"),
        ("{", "not valid JSON"),
        ("[]", "a meeting document is a JSON object, not a list"),
        ('{"id": "a", "date": "2021-01-01"}', "no format_version"),
        (
            '{"format_version": 2, "id": "a", "date": "2021-01-01"}',
            "format_version 2 is not supported",
        ),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ],
)
def test_malformed_documents(document: str, message: str) -> None:
    with pytest.raises(LoadError, match=message.replace("(", r"\(")):
        kommunchef.loads(document)


def test_binary_and_huge_input() -> None:
    with pytest.raises(LoadError, match="not UTF-8"):
        kommunchef.loads(b"\xff\xfe\x00garbage")
    with pytest.raises(LoadError, match="larger than"):
        kommunchef.loads(b" " * (MAX_DOCUMENT_BYTES + 1))


def test_load_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format_version": 1, "id": "a"}', "utf-8")
    with pytest.raises(LoadError, match=r"broken\.json: the meeting document is not valid: date"):
        kommunchef.load(broken)
    with pytest.raises(LoadError, match="cannot read"):
        kommunchef.load(tmp_path / "missing.json")
    with pytest.raises(LoadError, match="is a folder"):
        kommunchef.load(tmp_path)


def test_bom_is_accepted() -> None:
    text = kommunchef.dumps(hostile_meeting())
    assert kommunchef.loads("\ufeff".encode() + text.encode()) == hostile_meeting()


def test_defaults_are_omitted_but_restored() -> None:
    data = to_dict(Meeting(id="a", date=hostile_meeting().date))
    assert data == {"format_version": 1, "id": "a", "date": "2026-03-20"}
    assert kommunchef.loads(json.dumps(data)).body == "Kommunchefsgruppen"


# -- the quick reader and the careful one agree -------------------------------------------------

_JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", " ", "x", "x\n", "\x00", "2021-10-08", "09:00", "paragraph", "\ufdd0"]),
    # Forbidden characters inside and at the ends, where the model's converters strip white
    # space: the quick reader leaves the characters to the model, but must see the ends.
    st.sampled_from(
        ["a\x00b", " x ", "x\u2028", "\x85x", "x\x7f", "a\ud800", "\tx", "x\u00a0", "x" * 20_001]
    ),
    st.just([]),
    st.just({}),
    st.just([{}]),
    st.just({"type": "paragraph"}),
)


def _both(document: dict[str, Any]) -> tuple[object, object]:
    """What the quick reader and the careful one make of a document (its fields): a meeting,
    or the quick reader's None and the type of the careful reader's error."""
    read = quick_reader.read_meeting({**document, "format_version": 1})
    quick = None if read is None else read[0]
    try:
        careful: object = converter.structure(dict(document), Meeting)
    except Exception as error:  # which one is what the test compares
        careful = type(error)
    return quick, careful


def test_the_quick_readers_module_is_written_from_the_model_as_it_is() -> None:
    # The functions are generated once and shipped; a change to the model must be followed
    # by `python -m kommunchef.quick_reader_source`, or this fails.
    shipped = quick_reader_source.GENERATED.read_text(encoding="utf-8")
    assert shipped == quick_reader_source.generated_source(), (
        "run 'python -m kommunchef.quick_reader_source' to write the quick reader's module again"
    )


def test_the_quick_reader_names_only_what_its_module_can_import() -> None:
    writer = quick_reader_source._Writer()
    assert writer.expression(model.Language.EN) == "kommunchef.model.Language.EN"
    assert writer.expression(tuple) == "tuple"
    assert writer.expression(()) == "()"
    for unnamed in (("a", 1), lambda: (), object()):
        with pytest.raises(TypeError, match="cannot name"):
            writer.expression(unnamed)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings())
def test_the_quick_reader_gives_the_careful_readers_meeting(meeting: Meeting) -> None:
    fields = to_dict(meeting)
    fields.pop("format_version")
    quick, careful = _both(fields)
    assert quick == careful == meeting


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings(), st.data())
def test_the_quick_reader_refuses_what_the_careful_one_refuses(
    meeting: Meeting, data: st.DataObject
) -> None:
    # One value somewhere in the document replaced (or a key added): where the careful
    # reader finds a problem, the quick one must fail too (the careful one then reports it).
    fields = to_dict(meeting)
    fields.pop("format_version")
    node: Any = fields
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = data.draw(st.sampled_from(keys))
        child = node[key]
        if not isinstance(child, dict | list) or not child or data.draw(st.booleans()):
            if isinstance(node, dict) and data.draw(st.booleans()):
                key = data.draw(st.sampled_from([key, "extra", "type", "text"]))
            node[key] = data.draw(_JSON_VALUES)
            break
        node = child
    quick, careful = _both(fields)
    if isinstance(careful, Meeting):
        assert quick == careful
    else:
        assert not isinstance(quick, Meeting)


_FORBIDDEN_SAMPLES = [
    "\x00",
    "\t",
    "\n",
    "\r",
    "\x1f",
    "\x7f",
    "\x85",
    "\x9f",
    "\ud800",
    "\ufffe",
    "\u2028",
]


def _text_fields() -> list[tuple[type, Any]]:
    """Every field of the model that holds text, directly or as a paragraph's parts."""
    found = []
    for cls in vars(model).values():
        if isinstance(cls, type) and attrs.has(cls):
            attrs.resolve_types(cls)
            for field in attrs.fields(cls):
                shown = str(field.type)
                if field.type in (str, str | None) or "Inline" in shown or "str" in shown:
                    found.append((cls, field))
    return found


def test_the_model_holds_text_in_the_fields_this_test_checks() -> None:
    names = {f"{cls.__name__}.{field.name}" for cls, field in _text_fields()}
    assert {"Person.name", "Person.email", "Meeting.id", "Paragraph.content", "Link.url"} <= names
    assert len(names) >= 23


def _convert_and_check(field: Any, value: Any) -> None:
    kept = field.converter(value) if field.converter is not None else value
    field.validator(None, field, kept)


@pytest.mark.parametrize("character", _FORBIDDEN_SAMPLES)
def test_every_text_field_refuses_forbidden_characters(character: str) -> None:
    # The quick reader checks only the type, the length and the ends of a text and leaves its
    # characters to the model (kommunchef.quick_reader): every text field must refuse a
    # forbidden character in what its converter keeps.
    for cls, field in _text_fields():
        text = f"a{character}b"
        value: Any = (text,) if "tuple" in str(field.type) else text
        assert field.validator is not None, f"{cls.__name__}.{field.name} has no check"
        with pytest.raises((ValueError, TypeError)):
            _convert_and_check(field, value)


def test_every_text_field_refuses_a_text_over_the_limit() -> None:
    # The quick reader leaves the length of a text to the model too.
    for _cls, field in _text_fields():
        text = "a" * (MAX_TEXT_LENGTH + 1)
        value: Any = (text,) if "tuple" in str(field.type) else text
        with pytest.raises(ValueError, match=r"characters long|not a valid"):
            _convert_and_check(field, value)


@pytest.mark.parametrize("character", _FORBIDDEN_SAMPLES)
@pytest.mark.parametrize("where", ["start", "end"])
def test_a_forbidden_character_the_model_would_strip_is_refused(character: str, where: str) -> None:
    data = _seed()
    title = data["agenda"][0]["title"]
    data["agenda"][0]["title"] = character + title if where == "start" else title + character
    data["guests"][0]["name"] = data["agenda"][0]["presenters"][0]["name"] + character
    with pytest.raises(LoadError) as raised:
        kommunchef.loads(json.dumps(data))
    paths = {problem.path for problem in raised.value.problems}
    assert {"agenda[0].title", "guests[0].name"} <= paths


def test_a_person_read_twice_is_built_once() -> None:
    meeting = kommunchef.loads(json.dumps(_seed()))
    again = kommunchef.loads(kommunchef.dumps(meeting))
    assert again == meeting
    presenter = again.agenda[0].presenters[0]
    assert presenter in again.guests
    assert any(guest is presenter for guest in again.guests)
    # Another load builds its own people.
    assert kommunchef.loads(kommunchef.dumps(meeting)).agenda[0].presenters[0] is not presenter


# -- a key written twice ------------------------------------------------------------------------

_LAYOUTS = [
    {"indent": 2},
    {"indent": None, "separators": (",", ":")},
    {"indent": 1, "separators": (",", " : ")},  # space before each colon: counted otherwise
]


def _objects(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            found += _objects(child)
    return found


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings(), st.data(), st.sampled_from(_LAYOUTS))
def test_a_key_written_twice_anywhere_is_refused(
    meeting: Meeting, data: st.DataObject, layout: dict[str, Any]
) -> None:
    document = to_dict(meeting)
    target = data.draw(st.sampled_from(_objects(document)))
    key = data.draw(st.sampled_from(sorted(target)))
    # Written again under a stand-in name, which then becomes the key itself: the parsed
    # objects are those of a valid document, and only the text says the key came twice.
    target["\u2603twice"] = data.draw(st.sampled_from([target[key], None, "x"]))
    text = json.dumps(document, ensure_ascii=False, **layout)
    text = text.replace('"\u2603twice"', json.dumps(key), 1)
    with pytest.raises(LoadError, match=f"{key!r} appears twice in one object"):
        kommunchef.loads(text)


@pytest.mark.parametrize("layout", _LAYOUTS)
def test_quotes_and_colons_inside_texts_do_not_stop_a_valid_document(
    layout: dict[str, Any],
) -> None:
    # Each of these makes the text hold more '":' than keys (or space before a colon):
    # the document is then read the careful way, and gives the same meeting.
    data = _seed()
    data["agenda"][0]["title"] = 'Beslut: "ja": klart'
    data["agenda"][0]["body"][0]["content"] = [":inledning", ' och "citat" : slut']
    data["guests"][0]["title"] = '"VD":'
    text = json.dumps(data, ensure_ascii=False, **layout)
    meeting = kommunchef.loads(text)
    assert meeting.agenda[0].title == 'Beslut: "ja": klart'
    assert meeting == kommunchef.loads(kommunchef.dumps(meeting))
    assert serialization.from_dict(json.loads(text)) == meeting


def test_reading_a_valid_document_does_not_import_cattrs(tmp_path: Path) -> None:
    # The careful reader (cattrs) is imported only for a document that is not valid.
    script = (
        "import sys, kommunchef\n"
        f"kommunchef.load({str(EXAMPLES / 'kcg-2021-10-08.json')!r})\n"
        "assert 'cattrs' not in sys.modules, 'cattrs imported'\n"
        "try:\n"
        "    kommunchef.loads('{\"format_version\": 1}')\n"
        "except kommunchef.LoadError:\n"
        "    assert 'cattrs' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path)
