"""The ``html`` format: accessible, printable meeting minutes as one self-contained page.

The page is rendered with Jinja2 (autoescaping on for everything, undefined variables are
errors). The stylesheet is inlined, the page needs no JavaScript and makes no requests.
Options: ``lang=sv|en``, ``items=2,4`` for an excerpt and ``template=PATH`` for an
organisation's own template, rendered in Jinja2's sandbox.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from kommunchef.document import Outline
from kommunchef.errors import ExportError, OptionError
from kommunchef.exporting import OutlineExporter
from kommunchef.links import safe_href
from kommunchef_html._view import LABEL_KEYS, build_context, clean_text

__all__ = [
    "LABEL_KEYS",
    "HtmlExporter",
    "build_context",
    "clean_text",
    "default_stylesheet",
    "exporter",
    "safe_href",
]

PAGE_TEMPLATE = "page.html.j2"
"""The built-in page template; an organisation template may ``{% extends %}`` it."""

MACROS_TEMPLATE = "macros.html.j2"
"""Macros for inline text, people and lists; an organisation template may import them."""

MAX_SEQUENCE = 1_000_000
"""The longest string or list a sandboxed ``*`` may build."""

MAX_EXPONENT = 1_000
"""The largest exponent a sandboxed ``**`` may use."""

_ENVIRONMENT_SETTINGS: dict[str, Any] = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "auto_reload": False,
}


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, also refusing ``*`` and ``**`` that would build huge values.

    The sandbox keeps a template from reaching Python internals; it does not bound running
    time, but refusing giant strings and numbers keeps one expression from eating memory.
    """

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the exponent {right} is too large")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | list | tuple)
                    and isinstance(count, int)
                    and len(sequence) * count > MAX_SEQUENCE
                ):
                    raise SecurityError(f"repeating a value {count} times would make it too long")
        return super().call_binop(context, operator, left, right)


def _loader() -> jinja2.BaseLoader:
    return jinja2.PackageLoader("kommunchef_html", "templates")


@cache
def _environment() -> jinja2.Environment:
    # Built once: compiled templates stay in the environment's cache between exports.
    return jinja2.Environment(loader=_loader(), **_ENVIRONMENT_SETTINGS)


@cache
def _sandbox() -> _Sandbox:
    return _Sandbox(loader=_loader(), **_ENVIRONMENT_SETTINGS)


@cache
def default_stylesheet() -> Markup:
    """The built-in stylesheet, read once; it is our own text, so it is marked safe."""
    css = files("kommunchef_html").joinpath("minutes.css").read_text(encoding="utf-8")
    return Markup(css.strip())


@lru_cache(maxsize=32)
def _compile_custom(source: str, name: str) -> jinja2.Template:
    try:
        return _sandbox().from_string(source)
    except jinja2.TemplateSyntaxError as error:
        raise ExportError(
            f"the template {name} has a syntax error on line {error.lineno}: {error.message}"
        ) from None


def _read_template(path: str) -> tuple[str, str]:
    if not path.strip():
        raise OptionError("template must be the path of a Jinja2 template file")
    file = Path(os.path.expanduser(path.strip()))
    name = str(file)
    try:
        source = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise OptionError(f"the template file {name} does not exist") from None
    except IsADirectoryError:
        raise OptionError(f"the template {name} is a directory, not a file") from None
    except PermissionError:
        raise OptionError(f"the template file {name} cannot be read (permission denied)") from None
    except UnicodeDecodeError as error:
        raise OptionError(
            f"the template file {name} is not UTF-8 text (byte {error.start})"
        ) from None
    except OSError as error:
        raise OptionError(f"the template file {name} cannot be read: {error.strerror}") from None
    except ValueError as error:  # such as a NUL character in the path
        raise OptionError(f"the template path {name!r} is not valid: {error}") from None
    return source, name


def _render_custom(template: jinja2.Template, name: str, context: dict[str, Any]) -> str:
    try:
        return template.render(context)
    except SecurityError as error:
        raise ExportError(f"the template {name} tried something unsafe: {error}") from None
    except jinja2.UndefinedError as error:
        raise ExportError(f"the template {name} uses something undefined: {error}") from None
    except jinja2.TemplateNotFound as error:
        raise ExportError(
            f"the template {name} refers to a template that does not exist: {error.name} "
            f"(available: {PAGE_TEMPLATE}, {MACROS_TEMPLATE})"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        raise ExportError(
            f"the template {error.name} used by {name} has a syntax error on line "
            f"{error.lineno}: {error.message}"
        ) from None
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as error:
        raise ExportError(f"the template {name} failed: {type(error).__name__}: {error}") from None
    except RecursionError:
        raise ExportError(f"the template {name} recursed too deeply") from None


class HtmlExporter(OutlineExporter):
    """Writes the meeting as one accessible, printable HTML page (options ``lang``,
    ``items`` and ``template``)."""

    name = "html"
    media_type = "text/html"
    suffix = ".html"
    description = "Accessible, printable web page (HTML5, CSS inlined, no JavaScript)"
    options: tuple[str, ...] = ("lang", "items", "template")

    def render(self, document: Outline, options: Mapping[str, str]) -> bytes:
        """The page as UTF-8 bytes."""
        context = build_context(document)
        context["css"] = default_stylesheet()
        if "template" in options:
            source, name = _read_template(options["template"])
            template = _compile_custom(source, name)
            page = _render_custom(template, name, context)
        else:
            page = _environment().get_template(PAGE_TEMPLATE).render(context)
        return page.encode("utf-8")


exporter = HtmlExporter()
"""The exporter object the ``html`` entry point names."""
