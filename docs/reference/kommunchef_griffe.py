"""Teach the API reference two things about kommunchef's source (a griffe extension).

* attrs classes: their ``__init__`` is made by attrs, so the reference shows no signature.
  This builds one from ``attrs.fields`` (names, order, defaults) and the source's annotations,
  and hides the ``field(...)`` calls that would otherwise stand as the attributes' values.
* Sphinx roles in docstrings (``:class:`Meeting```, ``:func:`~kommunchef.load```) become
  cross-references, resolved in the docstring's own scope, so a name that does not exist
  fails the strict build instead of showing as raw text.

mkdocs.yml loads it with ``extensions: [docs/reference/kommunchef_griffe.py]``.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const):`(~?)([^`<>]+)`")


def _crossref(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2).strip()
    shown = target.rsplit(".", 1)[-1] if short else target
    return f"[`{shown}`][{target}]"


class KommunchefDocs(griffe.Extension):
    """Signatures for attrs classes and Sphinx roles as cross-references."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _ROLE.sub(_crossref, obj.docstring.value)

    def on_class(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        if "__init__" in cls.members:
            return
        try:
            runtime = griffe.dynamic_import(cls.path)
        except ImportError:
            return
        if not (isinstance(runtime, type) and attrs.has(runtime)):
            return
        parameters = [griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword)]
        for field in attrs.fields(runtime):
            if not field.init:
                continue
            member = cls.members.get(field.name)
            annotation = member.annotation if isinstance(member, griffe.Attribute) else None
            parameters.append(
                griffe.Parameter(
                    field.alias or field.name,
                    annotation=annotation,
                    kind=griffe.ParameterKind.keyword_only
                    if field.kw_only
                    else griffe.ParameterKind.positional_or_keyword,
                    default=_default(field, member),
                )
            )
            if isinstance(member, griffe.Attribute):
                member.value = None  # the field(...) call says nothing a reader needs
        cls.set_member(
            "__init__",
            griffe.Function(
                "__init__",
                lineno=0,
                endlineno=0,
                parent=cls,
                parameters=griffe.Parameters(*parameters),
                returns="None",
            ),
        )


def _default(field: attrs.Attribute[Any], member: object) -> str | griffe.Expr | None:
    """How the signature shows a field's default: as written in the source when it can."""
    default: object = field.default
    if default is attrs.NOTHING:
        return None
    factory = getattr(default, "factory", None)
    if factory is not None:  # attrs.Factory, made by field(factory=...)
        takes_self = getattr(default, "takes_self", False)
        if not takes_self and factory in (tuple, list, dict, set, frozenset):
            return repr(factory())
        return "..."
    value = member.value if isinstance(member, griffe.Attribute) else None
    if isinstance(value, griffe.ExprCall):
        for argument in value.arguments:
            if isinstance(argument, griffe.ExprKeyword) and argument.name == "default":
                written: str | griffe.Expr = argument.value
                return written
    elif value is not None:
        return value
    return repr(default)
