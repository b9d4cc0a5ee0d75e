"""kommunchef.records: the shared repr, equality and hash behave as attrs' own."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kommunchef
from kommunchef import Meeting
from kommunchef.document import outline
from kommunchef.records import Record
from kommunchef.testing.strategies import meetings


def _every_record_class() -> list[type]:
    for module in pkgutil.walk_packages(kommunchef.__path__, "kommunchef."):
        if not module.name.endswith("__main__"):  # that one runs the command line
            importlib.import_module(module.name)
    found: list[type] = []
    waiting = [Record]
    while waiting:
        for cls in waiting.pop().__subclasses__():
            waiting.append(cls)
            # attrs makes a new class for __slots__; the first one is not in its module.
            if getattr(sys.modules[cls.__module__], cls.__name__, None) is cls:
                found.append(cls)
    return found


RECORD_CLASSES = _every_record_class()

_TWINS: dict[type, type] = {}


def _twin(cls: type) -> type:
    """The same fields in a class whose repr, eq and hash attrs writes itself."""
    if cls not in _TWINS:
        fields = {a.name: attrs.field(eq=a.eq, hash=a.hash, repr=a.repr) for a in attrs.fields(cls)}
        _TWINS[cls] = attrs.make_class(cls.__name__, fields, frozen=True)
    return _TWINS[cls]


def _as_twin(record: Any) -> Any:
    values = {a.name: getattr(record, a.name) for a in attrs.fields(record.__class__)}
    return _twin(record.__class__)(**values)


def _records(value: Any) -> Iterator[Any]:
    """Every record inside ``value``, ``value`` included."""
    cls = value.__class__
    if attrs.has(cls):
        assert isinstance(value, Record)
        yield value
        for a in attrs.fields(cls):
            yield from _records(getattr(value, a.name))
    elif isinstance(value, tuple):
        for member in value:
            yield from _records(member)


def test_the_models_and_the_outlines_classes_are_records() -> None:
    names = {cls.__name__ for cls in RECORD_CLASSES}
    assert {"Meeting", "Person", "Paragraph", "Outline", "ItemView", "PersonView"} <= names


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__qualname__)
def test_every_record_is_frozen_and_keeps_the_shared_methods(cls: type) -> None:
    assert attrs.has(cls)
    # attrs' frozen classes refuse every assignment; a hash over fields needs that.
    assert cls.__setattr__.__name__ == "_frozen_setattrs"
    for name in ("__repr__", "__eq__", "__hash__"):
        assert getattr(cls, name).__module__ == "kommunchef.records", name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings(), meetings())
def test_records_repr_compare_and_hash_as_attrs_would(first: Meeting, second: Meeting) -> None:
    everything = [*_records(first), *_records(outline(first))]
    others = [*_records(second), *_records(outline(second))]
    for record in everything:
        twin = _as_twin(record)
        assert repr(record) == repr(twin)
        assert record == attrs.evolve(record)
        assert not record != attrs.evolve(record)  # noqa: SIM202
        assert hash(record) == hash(attrs.evolve(record))
        assert record != twin
        assert record.__eq__(twin) is NotImplemented
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            record.anything = 1
    pairs = zip(everything, others)
    for one, other in pairs:
        if one.__class__ is other.__class__:
            assert (one == other) == (_as_twin(one) == _as_twin(other))
            assert (one != other) == (_as_twin(one) != _as_twin(other))
            if one == other:
                assert hash(one) == hash(other)


@attrs.frozen
class _Example(Record):
    shown: int
    hidden: str = attrs.field(repr=False)
    uncompared: str = attrs.field(default="", eq=False)
    unhashed: int = attrs.field(default=0, hash=False)
    custom: int = attrs.field(default=7, repr=lambda value: f"<{value}>")


@given(st.integers(), st.text(), st.text(), st.integers(), st.integers())
def test_a_records_field_options_are_kept(
    shown: int, hidden: str, uncompared: str, unhashed: int, custom: int
) -> None:
    example = _Example(shown, hidden, uncompared, unhashed, custom)
    twin = _as_twin(example)
    assert (
        repr(example)
        == repr(twin)
        == f"_Example(shown={shown!r}, uncompared={uncompared!r}, unhashed={unhashed!r}, custom=<{custom}>)"
    )
    other = attrs.evolve(example, uncompared=uncompared + "x")
    assert example == other
    assert hash(example) == hash(other)
    assert example != attrs.evolve(example, hidden=hidden + "x")
    changed = attrs.evolve(example, unhashed=unhashed + 1)
    assert example != changed
    assert twin != _as_twin(changed)
    assert example not in {attrs.evolve(example, shown=shown + 1)}
    assert example in {attrs.evolve(example)}


def test_a_records_own_methods_stay() -> None:
    @attrs.frozen
    class Shown(Record):
        value: int

        def __repr__(self) -> str:
            return "shown"

    assert repr(Shown(1)) == "shown"
    assert Shown(1) == Shown(1)
    assert Shown(1) != Shown(2)


def test_a_record_refuses_a_field_compared_by_key() -> None:
    @attrs.frozen
    class ByKey(Record):
        value: str = attrs.field(eq=str.lower)

    with pytest.raises(TypeError, match="compares fields as they are"):
        _ = ByKey("a") == ByKey("A")
