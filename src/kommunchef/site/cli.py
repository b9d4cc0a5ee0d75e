"""``kommunchef site``: the command over :func:`kommunchef.site.build_site`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kommunchef.errors import one_line
from kommunchef.publication_cli import add_publication_arguments, publication_from_arguments


def add_parser(commands: Any) -> None:
    """Add ``site`` to the ``kommunchef`` subcommand parsers."""
    site = commands.add_parser(
        "site",
        help="build a static web site of a series",
        description="Build an accessible static web site of a folder of meeting files: start "
        "page, a page per year and per meeting (with DOCX, PDF and JSON where installed), "
        "registers, calendar, Atom feed and a search that needs no server. A rebuild renders "
        "only what changed; the new site replaces the old one whole.",
    )
    site.add_argument("series", metavar="SERIES", help="a folder of meeting files")
    site.add_argument("-o", "--output", required=True, metavar="FOLDER", help="the site's folder")
    site.add_argument("--lang", default="sv", choices=["sv", "en"], help="default sv")
    site.add_argument(
        "--base-url",
        metavar="URL",
        help="the site's address, for absolute links in the feed (pages link relatively)",
    )
    site.add_argument(
        "--downloads",
        metavar="FORMATS",
        help="what each meeting page offers for download, comma-separated, of docx, pdf and "
        "json (default: those installed)",
    )
    site.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="render in up to N processes, no more than the usable CPUs (default 1)",
    )
    add_publication_arguments(site)


def run(options: argparse.Namespace) -> int:
    """Build the site; print its folder and what was rendered."""
    from kommunchef.series_commands import UsageError
    from kommunchef.site import build_site

    if options.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    publication = publication_from_arguments(options)
    result = build_site(
        options.series,
        options.output,
        profile=publication,
        lang=options.lang,
        base_url=options.base_url,
        jobs=options.jobs,
        downloads=None if options.downloads is None else options.downloads.split(","),
    )
    if publication is not None:
        publication.finish()
    print(
        one_line(
            f"{result.folder}: {len(result.rendered)} meetings rendered, {result.kept} kept, "
            f"{len(result.removed)} removed"
        ),
        file=sys.stderr,
    )
    return 0
