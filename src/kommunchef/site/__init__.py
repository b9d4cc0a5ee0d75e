"""A static web site of a series: :func:`build_site`.

The site works from any file server and from ``file://``: a start page (coming meetings, the
latest minutes), a page per year, a page per meeting (the ``html`` format's page with the
site's navigation) with its DOCX, PDF and JSON where those formats are installed, the
registers of decisions and follow-ups, the series calendar, an Atom feed and a search that
runs in the browser on a prebuilt index. Rebuilds render only what changed, and the new site
replaces the old one whole. See ``docs/site.md``.

The core writes the site's own pages with a small escaping writer
(:mod:`kommunchef.site.markup`); the meeting pages come from the ``html`` format through the
format registry, like every other format.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kommunchef.site.build import MANIFEST, SiteBuild, build_site
    from kommunchef.site.meetings import SiteError

__all__ = ["MANIFEST", "SiteBuild", "SiteError", "build_site"]

# Imported on first use, so that the command line's parser (kommunchef.site.cli) stays cheap.
_LAZY = {
    "MANIFEST": "kommunchef.site.build",
    "SiteBuild": "kommunchef.site.build",
    "build_site": "kommunchef.site.build",
    "SiteError": "kommunchef.site.meetings",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kommunchef.site' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
