"""The sandbox an organisation's own page template runs in (the ``template`` option).

Jinja2's immutable sandbox keeps a template from Python's internals; :class:`Sandbox` also
refuses single operations that would build huge values, and :func:`render_bounded` stops a
page that grows too long. The limits are :mod:`kommunchef_html`'s ``MAX_*`` constants. This
module is imported only for such a template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from kommunchef_html import MAX_EXPONENT, MAX_INTEGER_BITS, MAX_OUTPUT, MAX_SEQUENCE

__all__ = ["Sandbox", "render_bounded"]

# Digits in a format string (a width or a precision) and the stars that take one from the
# arguments: the two ways a format can ask for a huge padding.
_FORMAT_NUMBER = re.compile(r"[0-9]+")


def _too_long(size: int) -> bool:
    return size > MAX_SEQUENCE


def _check_format(template: str, arguments: Iterable[Any]) -> None:
    """Refuse a %- or {}-format whose widths or precisions would build a huge string."""
    for number in _FORMAT_NUMBER.findall(template):
        if len(number) > 7 or _too_long(int(number)):
            raise SecurityError(f"the format {template[:40]!r} asks for a width that is too large")
    if "*" in template or "{" in template:
        for argument in arguments:
            if isinstance(argument, int) and _too_long(abs(argument)):
                raise SecurityError(f"the format {template[:40]!r} asks for a width too large")


def _check_replace(value: str, old: str, new: str, count: int = -1) -> None:
    if len(new) <= len(old):
        return
    found = value.count(old) if old else len(value) + 1
    if count >= 0:
        found = min(found, count)
    if _too_long(len(value) + found * (len(new) - len(old))):
        raise SecurityError("the replacement would make the text too long")


def _check_width(name: str, width: object) -> None:
    if isinstance(width, int) and _too_long(width):
        raise SecurityError(f"{name} to a width of {width} would make the text too long")


def _guarded_lipsum(lipsum: Any) -> Callable[..., Any]:
    """Jinja2's filler text, refusing more paragraphs and words than a page needs."""

    def guarded(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:
        if isinstance(n, int) and isinstance(max, int) and _too_long(abs(n) * abs(max) * 10):
            raise SecurityError(f"lipsum({n}, max={max}) would make the text too long")
        return lipsum(n, html, min, max)

    return guarded


# str methods whose first argument is a width.
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill"}


def _guarded_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """The filters that take a width or multiply text, with their sizes checked first."""
    center, indent, format_, replace = (
        filters["center"],
        filters["indent"],
        filters["format"],
        filters["replace"],
    )

    def guarded_center(value: Any, width: int = 80) -> Any:
        _check_width("centring", width)
        return center(value, width)

    def guarded_indent(value: Any, width: int | str = 4, *args: Any, **kwargs: Any) -> Any:
        if isinstance(width, str):
            lines = str(value).count("\n") + 1
            if _too_long(len(str(value)) + lines * len(width)):
                raise SecurityError("the indentation would make the text too long")
        else:
            _check_width("indenting", width)
            lines = str(value).count("\n") + 1
            if _too_long(len(str(value)) + lines * width):
                raise SecurityError("the indentation would make the text too long")
        return indent(value, width, *args, **kwargs)

    def guarded_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_format(str(value), [*args, *kwargs.values()])
        return format_(value, *args, **kwargs)

    def guarded_replace(
        eval_ctx: Any, value: Any, old: Any, new: Any, count: int | None = None
    ) -> Any:
        _check_replace(str(value), str(old), str(new), -1 if count is None else count)
        return replace(eval_ctx, value, old, new, count)

    guarded_replace.jinja_pass_arg = replace.jinja_pass_arg  # type: ignore[attr-defined]
    return {
        "center": guarded_center,
        "indent": guarded_indent,
        "format": guarded_format,
        "replace": guarded_replace,
    }


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, also refusing operations that would build huge values.

    The sandbox keeps a template from reaching Python internals and from changing lists and
    dicts (``list.append`` in a loop); the checks here refuse a single operation that would
    build a string, list or number past :data:`MAX_SEQUENCE` or :data:`MAX_INTEGER_BITS`,
    and :func:`render_bounded` stops a page past :data:`MAX_OUTPUT` characters. Running time
    is not bounded (loops are: ``range`` gives at most 100,000 numbers).
    """

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.filters.update(_guarded_filters(self.filters))
        self.globals["lipsum"] = _guarded_lipsum(self.globals["lipsum"])

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**" and isinstance(right, int):
            if abs(right) > MAX_EXPONENT:
                raise SecurityError(f"the exponent {right} is too large")
            if isinstance(left, int) and left.bit_length() * right > MAX_INTEGER_BITS:
                raise SecurityError("the power would be too large a number")
        if operator == "*":
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and left.bit_length() + right.bit_length() > MAX_INTEGER_BITS
            ):
                raise SecurityError("the product would be too large a number")
            for sequence, count in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | list | tuple)
                    and isinstance(count, int)
                    and _too_long(len(sequence) * count)
                ):
                    raise SecurityError(f"repeating a value {count} times would make it too long")
        if operator == "%" and isinstance(left, str):
            arguments = right if isinstance(right, tuple) else (right,)
            _check_format(left, arguments)
        return super().call_binop(context, operator, left, right)

    def call(
        __self,  # noqa: N805 - Jinja2's own signature, so a template cannot pass "self"
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS and args:
                _check_width(name, args[0])
            elif name == "replace" and len(args) >= 2:
                count = args[2] if len(args) > 2 and isinstance(args[2], int) else -1
                _check_replace(owner, str(args[0]), str(args[1]), count)
            elif name == "expandtabs":
                size = args[0] if args and isinstance(args[0], int) else 8
                if _too_long(len(owner) + owner.count("\t") * size):
                    raise SecurityError("expanding the tabs would make the text too long")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # The sandbox hands out its own str.format at attribute access; check its widths.
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = str(value.__self__)

        def checked(*args: Any, **kwargs: Any) -> str:
            values = [*args, *kwargs.values()]
            for argument in args:
                if isinstance(argument, dict):  # format_map
                    values.extend(argument.values())
            _check_format(template, values)
            return wrapped(*args, **kwargs)

        return checked


def render_bounded(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render, stopping once the page passes :data:`MAX_OUTPUT` characters."""
    parts: list[str] = []
    size = 0
    for part in template.generate(context):
        size += len(part)
        if size > MAX_OUTPUT:
            raise SecurityError(f"the page would be longer than {MAX_OUTPUT} characters")
        parts.append(part)
    return "".join(parts)
