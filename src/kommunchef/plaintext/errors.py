"""The error of the plain-text reader, naming the line it is about."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from kommunchef.errors import LoadError
from kommunchef.importing import ReadingWarning
from kommunchef.validation import Problem

if TYPE_CHECKING:
    from kommunchef.plaintext.lines import Line

_T = TypeVar("_T")
_P = ParamSpec("_P")


class TextFormatError(LoadError):
    """Plain-text minutes that cannot be read: ``line`` and ``line_text`` say where.

    The message reads ``line 14: "Maria Standar Alingsås": a person needs "Name,
    Organisation"``. ``line`` is ``None`` when the problem has no single line (empty input,
    a text over the size limit, a missing date).
    """

    def __init__(
        self,
        message: str,
        problems: Sequence[Problem] = (),
        line: int | None = None,
        line_text: str | None = None,
    ) -> None:
        self.reason = message
        self.line = line
        self.line_text = line_text
        prefix = ""
        if line is not None:
            prefix = f"line {line}: "
            if line_text is not None:
                prefix += f'"{_shown(line_text)}": '
        super().__init__(prefix + message, problems)

    def __reduce__(  # type: ignore[override]
        self,
    ) -> tuple[type[TextFormatError], tuple[str, tuple[Problem, ...], int | None, str | None]]:
        # Keep the line when the error crosses a process boundary.
        return (type(self), (self.reason, self.problems, self.line, self.line_text))


class TextFormatWarning(ReadingWarning):
    """Something the reader read but not with full confidence, at ``line``.

    The message reads ``line 31: "- 12 maj – Möte inställt pga sjukdom": kept whole as the
    title (...)``; the command line prints it on standard error.
    """

    def __init__(self, message: str, line: int, line_text: str) -> None:
        self.reason = message
        self.line = line
        self.line_text = line_text
        super().__init__(f'line {line}: "{_shown(line_text)}": {message}')

    def __reduce__(self) -> tuple[type[TextFormatWarning], tuple[str, int, str]]:
        return (type(self), (self.reason, self.line, self.line_text))


def _shown(text: str, limit: int = 80) -> str:
    """A line as an error message shows it: control and format characters made visible."""
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    _shown = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            _shown.append(f"\\u{ord(char):04x}")
        else:
            _shown.append(char)
    return "".join(_shown)


def fail(
    message: str, line: Line | None = None, problems: Sequence[Problem] = ()
) -> TextFormatError:
    if line is None:
        return TextFormatError(message, problems)
    return TextFormatError(message, problems, line.number, line.raw)


def make(
    line: Line | None,
    what: str,
    factory: Callable[_P, _T],
    *args: _P.args,
    **kwargs: _P.kwargs,
) -> _T:
    """Build a model object; its own checks become a TextFormatError at the line."""
    try:
        return factory(*args, **kwargs)
    except (ValueError, TypeError) as error:
        raise fail(f"{what} is not valid: {error}", line) from None
