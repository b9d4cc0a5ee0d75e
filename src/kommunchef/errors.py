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
