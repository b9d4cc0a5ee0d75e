"""A set of keys that may say "maybe" but never wrongly says "no", in fixed memory.

The site's listing pass and the follow-up ledger keep what they know in temporary SQLite
databases; a :class:`KeyFilter` of what those hold spares a query for a key that is surely
not there, which is most keys.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable


class KeyFilter:
    """A counting Bloom filter of keys, of fixed size: :meth:`may_hold` is true for every
    key added and not removed since (and, rarely, for another key). It answers "surely not
    there" without a query, in the same memory however many keys it holds."""

    SLOTS = 1 << 18

    def __init__(self) -> None:
        self._counts = bytearray(self.SLOTS)

    def _slots(self, key: object) -> tuple[int, int]:
        value = hash(key)
        return value % self.SLOTS, (value // self.SLOTS) % self.SLOTS

    def add(self, keys: Iterable[Hashable]) -> None:
        for key in keys:
            for slot in self._slots(key):
                if self._counts[slot] < 255:  # a full count stays full: never wrongly zero
                    self._counts[slot] += 1

    def remove(self, keys: Iterable[Hashable]) -> None:
        for key in keys:
            for slot in self._slots(key):
                if 0 < self._counts[slot] < 255:
                    self._counts[slot] -= 1

    def may_hold(self, key: object) -> bool:
        value, slots = hash(key), self.SLOTS  # as _slots, inline: this runs for every key
        return bool(self._counts[value % slots] and self._counts[(value // slots) % slots])


__all__ = ["KeyFilter"]
