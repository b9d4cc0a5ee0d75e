"""The exceptions kommunchef raises for a user's mistake; none of them needs a traceback."""

from __future__ import annotations

# Not imported from typing: ``import kommunchef`` (and ``kommunchef --version``) would pay for it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from kommunchef.validation import Problem


class KommunchefError(Exception):
    """Base class: the message is one clear line for the user."""


class LoadError(KommunchefError):
    """A meeting document could not be read.

    ``problems`` lists the problems found, at most the first thousand; ``omitted`` counts the
    ones past that limit, which were found but not kept.
    """

    def __init__(self, message: str, problems: Sequence[Problem] = (), omitted: int = 0) -> None:
        self.summary = message
        self.problems = tuple(problems)
        self.omitted = omitted
        if self.problems:
            details = "; ".join(str(p) for p in self.problems[:20])
            more = len(self.problems) - 20 + omitted
            if more > 0:
                details += f"; and {more} more"
            message = f"{message}: {details}"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[LoadError], tuple[str, tuple[Problem, ...], int]]:
        # Keep the problems when the error crosses a process boundary (``--jobs``).
        return (type(self), (self.summary, self.problems, self.omitted))


class ValidationError(KommunchefError):
    """A meeting breaks one or more rules; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        summary = "; ".join(str(p) for p in errors[:10])
        if len(errors) > 10:
            summary += f"; and {len(errors) - 10} more"
        super().__init__(f"the meeting is not valid: {summary}")

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))


class FormatError(KommunchefError):
    """An unknown format, a plugin that cannot be loaded, or two plugins claiming one name."""


class ExportError(KommunchefError):
    """An exporter could not turn the meeting into a document."""


class OptionError(ExportError):
    """An exporter option is unknown or has a bad value."""


# Each character that would break a message's one line or act on a terminal, and its escape
# as repr writes it: the C0 and C1 controls but TAB, the line and paragraph separators, and the
# bidirectional controls (which reorder what follows them).
_ESCAPES = {
    code: repr(chr(code))[1:-1]
    for codes in (
        range(0x00, 0x09),
        range(0x0A, 0x20),
        range(0x7F, 0xA0),
        (0x2028, 0x2029, 0x200E, 0x200F),
        range(0x202A, 0x202F),
        range(0x2066, 0x206A),
    )
    for code in codes
}


def one_line(text: str) -> str:
    """``text`` made safe to print as (part of) one line on a terminal.

    Control characters but TAB (Unicode category Cc), the line and paragraph separators
    (U+2028, U+2029) and the bidirectional controls (U+200E, U+200F, U+202A to U+202E,
    U+2066 to U+2069) become visible escapes as repr writes them (``\\n``, ``\\x1b``,
    ``\\u202e``); everything else, such as åäö and emoji, is kept. The command line passes
    every error and warning through it, since they quote file names and document text.
    """
    if text.isprintable():  # False for every character escaped (and some harmless ones)
        return text
    return text.translate(_ESCAPES)
