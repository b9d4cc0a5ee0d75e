"""One pass over a stream, many consumers: each consumer reads its own iterator in a thread.

The site's listing pages, registers, calendar, feed and search index all need every meeting
once, in date order. Reading each meeting once and handing it to every consumer through a
small queue keeps one pass over the files and memory that does not grow with the series.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_END = object()


class _StoppedError(Exception):
    """Raised inside a consumer's iterator when the producer failed."""


class _Lane(Generic[T]):
    def __init__(self, consumer: Callable[[Iterator[T]], Any], buffer: int) -> None:
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=buffer)
        self.consumer = consumer
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = False
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _items(self) -> Iterator[T]:
        while True:
            item = self.queue.get()
            if isinstance(item, _StoppedError):
                self.finished = True
                raise item
            if item is _END:
                self.finished = True
                return
            yield item

    def _run(self) -> None:
        try:
            self.result = self.consumer(self._items())
        except _StoppedError:
            pass
        except BaseException as error:  # handed to the producer, which raises it
            self.error = error
        finally:
            # A consumer that stopped early must not block the producer: drain the rest.
            while not self.finished:
                item = self.queue.get()
                self.finished = item is _END or isinstance(item, _StoppedError)

    def put(self, item: Any) -> None:
        self.queue.put(item)


def fan_out(
    items: Iterable[T], consumers: Sequence[Callable[[Iterator[T]], Any]], *, buffer: int = 16
) -> list[Any]:
    """Run every consumer on the same items, read once; return their results in order.

    An error in the producer or in any consumer is raised here once every thread has ended.
    """
    lanes = [_Lane(consumer, buffer) for consumer in consumers]
    for lane in lanes:
        lane.thread.start()
    failure: BaseException | None = None
    try:
        for item in items:
            for lane in lanes:
                if lane.error is not None:
                    raise lane.error
                lane.put(item)
    except BaseException as error:
        failure = error
        for lane in lanes:
            lane.put(_StoppedError())
    else:
        for lane in lanes:
            lane.put(_END)
    for lane in lanes:
        lane.thread.join()
    if failure is not None:
        raise failure
    for lane in lanes:
        if lane.error is not None:
            raise lane.error
    return [lane.result for lane in lanes]
