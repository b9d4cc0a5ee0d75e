"""The base of kommunchef's frozen attrs classes: repr, equality and hash from the fields.

attrs writes and compiles ``__repr__``, ``__eq__`` and ``__hash__`` for every class when the
class is created. For the thirty classes that exporting one meeting imports, that took about
a tenth of the command. A class that derives from :class:`Record` gets one shared version of
each instead, which reads the fields attrs records for the class (``__attrs_attrs__``), so
attrs compiles only ``__init__``::

    @frozen
    class Person(Record):
        name: str

They behave as attrs' own: ``Person(name='Anna')`` as the repr, equal when the class and
every field compared are equal (``eq=False`` fields left out), and a hash that follows
equality. A test compares them with attrs' own on every class that uses them.

Only frozen classes may derive from :class:`Record`: a hash over fields that can change
would break sets and dicts.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

__all__ = ["Record"]


class Record:
    """A frozen attrs class's base: shared ``__repr__``, ``__eq__`` and ``__hash__``."""

    __slots__ = ()

    def __init_subclass__(cls, **options: Any) -> None:
        super().__init_subclass__(**options)
        # In the class's own namespace, where attrs looks (auto_detect), so that it keeps
        # these instead of writing its own.
        for name, method in _METHODS.items():
            if name not in cls.__dict__:  # a class's own method stays
                setattr(cls, name, method)


class _Fields:
    """What the shared methods need of one class, found on first use."""

    __slots__ = ("compared", "hashed", "name", "shown")

    def __init__(self, cls: type) -> None:
        fields = cls.__attrs_attrs__  # type: ignore[attr-defined]
        if any(a.eq_key is not None for a in fields):
            raise TypeError(f"{cls.__qualname__}: a Record compares fields as they are")
        self.name = cls.__qualname__.rsplit(">.", 1)[-1]
        self.shown = tuple(
            (a.name, repr if a.repr is True else a.repr) for a in fields if a.repr is not False
        )
        self.compared = _getter(tuple(a.name for a in fields if a.eq))
        self.hashed = _getter(
            tuple(a.name for a in fields if a.hash is True or (a.hash is None and a.eq))
        )


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of ``names`` as a tuple, always (``attrgetter`` of one name is not)."""
    if len(names) == 1:
        get = operator.attrgetter(names[0])
        return lambda record: (get(record),)
    if not names:
        return lambda record: ()
    return operator.attrgetter(*names)


_FIELDS: dict[type, _Fields] = {}


def _fields(cls: type) -> _Fields:
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = _Fields(cls)
    return found


def _repr(self: Any) -> str:
    fields = _fields(self.__class__)
    shown = ", ".join(f"{name}={show(getattr(self, name))}" for name, show in fields.shown)
    return f"{fields.name}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    compared = _fields(self.__class__).compared
    return compared(self) == compared(other)


def _hash(self: Any) -> int:
    return hash((self.__class__, _fields(self.__class__).hashed(self)))


_METHODS: dict[str, Callable[..., Any]] = {"__repr__": _repr, "__eq__": _eq, "__hash__": _hash}
