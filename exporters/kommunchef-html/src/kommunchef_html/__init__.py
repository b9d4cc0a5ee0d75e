"""The ``html`` format: accessible, printable meeting minutes as one self-contained page.

The page is rendered with Jinja2 (autoescaping on for everything, undefined variables are
errors) from the document outline. The stylesheet is inlined, the page needs no JavaScript
and makes no requests. Options: ``lang=sv|en``, ``items=2,4`` for an excerpt and
``template=PATH`` for an organisation's own template, rendered in Jinja2's sandbox.

The built-in templates are compiled once per process, and the compiled code is kept in the
user's cache folder for the next process (:mod:`kommunchef_html._bytecode`);
:meth:`HtmlExporter.prepare` compiles them ahead of the first page.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from kommunchef.document import Outline
from kommunchef.errors import ExportError, OptionError
from kommunchef.exporting import OutlineExporter, check_options
from kommunchef.links import safe_href
from kommunchef_html._bytecode import TemplateCache, cache_folder
from kommunchef_html._version import __version__
from kommunchef_html._view import (
    LABEL_KEYS,
    build_context,
    clean_text,
    page_bytes,
    page_context,
    uses_view,
)

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
"""The longest string or list one sandboxed operation may build (``*``, ``center``, ``format``,
``replace``, padding...)."""

MAX_EXPONENT = 1_000
"""The largest exponent a sandboxed ``**`` may use."""

MAX_INTEGER_BITS = 100_000
"""The largest integer (in bits, about 30,000 digits) sandboxed arithmetic may build."""

MAX_OUTPUT = 50_000_000
"""The most characters a sandboxed template may write."""

MAX_TEMPLATE_BYTES = 1_000_000
"""The largest template file read."""

_ENVIRONMENT_SETTINGS: dict[str, Any] = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "auto_reload": False,
}


def _loader() -> jinja2.BaseLoader:
    return jinja2.PackageLoader("kommunchef_html", "templates")


def _settings_description(environment_class: type[jinja2.Environment]) -> str:
    """Everything of an environment that its compiled code depends on, as stable text."""
    settings = {
        key: value
        if isinstance(value, bool | int | str)
        else f"{value.__module__}.{value.__qualname__}"
        for key, value in _ENVIRONMENT_SETTINGS.items()
    }
    return repr(
        (
            __version__,
            f"{environment_class.__module__}.{environment_class.__qualname__}",
            sorted(settings.items()),
            sorted(getattr(environment_class, "intercepted_binops", ())),
            sorted(getattr(environment_class, "intercepted_unops", ())),
        )
    )


def _template_cache(environment_class: type[jinja2.Environment]) -> TemplateCache | None:
    folder = cache_folder()
    if folder is None:
        return None
    return TemplateCache(folder, _settings_description(environment_class))


@cache
def _environment() -> jinja2.Environment:
    # Built once: compiled templates stay in the environment's cache between exports, and in
    # the user's cache folder between processes.
    return jinja2.Environment(
        loader=_loader(),
        bytecode_cache=_template_cache(jinja2.Environment),
        **_ENVIRONMENT_SETTINGS,
    )


@cache
def _sandbox_environment() -> jinja2.Environment:
    # Imported for an organisation's template only: most pages never need the sandbox.
    from kommunchef_html._sandbox import Sandbox

    return Sandbox(
        loader=_loader(), bytecode_cache=_template_cache(Sandbox), **_ENVIRONMENT_SETTINGS
    )


@cache
def default_stylesheet() -> Markup:
    """The built-in stylesheet, read once; it is our own text, so it is marked safe."""
    # Read beside this module: importing importlib.resources costs more than a page.
    css = Path(__file__).with_name("minutes.css").read_text(encoding="utf-8")
    return Markup(css.strip())


class _Custom(NamedTuple):
    template: jinja2.Template
    uses_view: bool
    """The template reads ``meeting`` or ``labels``, so the dict view must be built."""


@lru_cache(maxsize=32)
def _compile_custom(source: str, name: str) -> _Custom:
    sandbox = _sandbox_environment()
    try:
        parsed = sandbox.parse(source)
        needs_view = uses_view(sandbox, parsed)  # before compiling, which rewrites the tree
        return _Custom(sandbox.from_string(parsed), needs_view)
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
        # At most one byte past the limit is read, from any kind of file (/dev/zero too).
        with file.open("rb") as handle:
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
        if len(data) > MAX_TEMPLATE_BYTES:
            raise OptionError(f"the template file {name} is larger than {MAX_TEMPLATE_BYTES} bytes")
        source = data.decode("utf-8")
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
    from kommunchef_html._sandbox import render_bounded

    try:
        return render_bounded(template, context)
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
        if "template" in options:
            source, name = _read_template(options["template"])
            custom = _compile_custom(source, name)
            context = page_context(document, view=custom.uses_view)
            context["css"] = default_stylesheet()
            page = _render_custom(custom.template, name, context)
        else:
            context = page_context(document)
            context["css"] = default_stylesheet()
            page = _environment().get_template(PAGE_TEMPLATE).render(context)
        return page_bytes(page)  # noncharacters become U+FFFD, in one scan of the page

    def prepare(self, **options: str) -> None:
        """Compile, or load from the cache, what exports with ``options`` render.

        Call it once before starting worker processes (``os.fork``), so that the workers
        share the compiled templates instead of each compiling them again. Exporting works
        without it: the first page compiles what it needs. With ``template=PATH`` the file is
        read and compiled too, and its errors are raised here as :meth:`export` would raise
        them.
        """
        check_options(self.name, options, self.options)
        default_stylesheet()
        environment: jinja2.Environment = _environment()
        if "template" in options:
            _compile_custom(*_read_template(options["template"]))
            environment = _sandbox_environment()
        for name in (PAGE_TEMPLATE, MACROS_TEMPLATE):
            environment.get_template(name)


exporter = HtmlExporter()
"""The exporter object the ``html`` entry point names."""
