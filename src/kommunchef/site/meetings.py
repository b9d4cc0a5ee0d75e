"""One meeting of the site: its page (the html format's page with the site around it), its
downloads (DOCX, PDF where installed, JSON) and the summary the listing pages need.

:func:`render_meeting` runs in worker processes with ``--jobs``: it writes its files itself
and returns only the small :class:`Summary`.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import fields, frozen

from kommunchef.errors import FormatError, KommunchefError, LoadError
from kommunchef.model import DocumentKind, Language, MeetingStatus
from kommunchef.records import Record
from kommunchef.site.layout import CONTENT_ID, MEETINGS, banner, head_links, year_page
from kommunchef.site.markup import element, join
from kommunchef.site.words import Words

if TYPE_CHECKING:
    from kommunchef.model import Meeting
    from kommunchef.publication_cli import PublicationStep

SITE_TEMPLATE = "meeting.html.j2"
"""The template given to the html format: its page with places for the site's navigation."""

DOWNLOAD_FORMATS = ("docx", "pdf", "json")
"""What every meeting page offers for download, those installed."""

_PLACES = {
    "head": "<!--kommunchef-site:head-->",
    "banner": "<!--kommunchef-site:banner-->",
    "end-of-main": "<!--kommunchef-site:end-of-main-->",
}


class SiteError(KommunchefError):
    """The site cannot be built: a missing format, a folder that is not a site..."""


@frozen
class Settings(Record):
    """What every meeting of one build shares; picklable for worker processes."""

    language: Language
    site_title: str
    downloads: tuple[str, ...]
    template: str
    calendar: bool
    publication: PublicationStep | None = None
    key: str = ""
    """The hash of every setting, stored with each meeting's contribution."""


@frozen
class Summary(Record):
    """What the listing pages know of a meeting, kept in the site's manifest."""

    source: str
    hash: str
    id: str
    date: str
    kind: str
    status: str
    title: str
    outputs: tuple[str, ...]

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def is_held_minutes(self) -> bool:
        return self.kind == DocumentKind.MINUTES and self.status == MeetingStatus.HELD

    def to_json(self) -> dict[str, Any]:
        # Field by field rather than attrs.asdict, which costs several times more per summary.
        data = {name: getattr(self, name) for name in _SUMMARY_FIELDS}
        data["outputs"] = list(self.outputs)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        """The summary of :meth:`to_json`; TypeError or ValueError when it is not one."""
        values = {**data, "outputs": tuple(data["outputs"])}
        for name in ("kind", "status"):  # a few values: each kept once, however many meetings
            if isinstance(values.get(name), str):
                values[name] = sys.intern(values[name])
        summary = cls(**values)
        texts = [getattr(summary, name) for name in _SUMMARY_TEXTS]
        if not all(isinstance(value, str) for value in (*texts, *summary.outputs)):
            raise TypeError("a summary holds strings")
        dt.date.fromisoformat(summary.date)
        return summary


_SUMMARY_TEXTS = ("source", "hash", "id", "date", "kind", "status", "title")
_SUMMARY_FIELDS = tuple(field.name for field in fields(Summary))


def template_path() -> Path:
    """The site's meeting template as a file (the html format reads templates by path)."""
    resource = files("kommunchef.site").joinpath(SITE_TEMPLATE)
    with as_file(resource) as path:  # a real file for installed and editable packages alike
        return Path(path)


def load_meeting(source: Path, publication: PublicationStep | None) -> Meeting:
    """The meeting of a source file as the site publishes it: profiled and valid."""
    from kommunchef.series import read_meeting_file
    from kommunchef.validation import errors_of

    meeting = read_meeting_file(source)
    if publication is not None:
        meeting = publication.apply(meeting, source)
    errors = errors_of(meeting)
    if errors:
        raise LoadError(f"{source}: the meeting is not valid", errors)
    return meeting


def render_meeting(source: Path, digest: str, staging: Path, settings: Settings) -> Summary:
    """Write the meeting's page, downloads and contribution to the listing pages
    (:mod:`kommunchef.site.contributions`) into ``staging``; return its summary."""
    from kommunchef.document import outline
    from kommunchef.exporting import get_exporter, options_for, run_exporter
    from kommunchef.site.calendar import meeting_events
    from kommunchef.site.contributions import (
        contribution_bytes,
        contribution_file,
        contribution_of,
    )

    meeting = load_meeting(source, settings.publication)
    words = Words(settings.language)
    lang = str(settings.language)
    folder = staging / MEETINGS
    outputs: list[str] = []

    def write(suffix: str, data: bytes) -> None:
        name = f"{meeting.id}{suffix}"
        _write_new(folder / name, data)
        outputs.append(f"{MEETINGS}/{name}")

    html = get_exporter("html")
    try:
        page = run_exporter(html, meeting, {"lang": lang, "template": settings.template})
    except KommunchefError as error:
        raise type(error)(f"{source}: html: {error}") from None
    downloads: list[tuple[str, str]] = []
    for name in settings.downloads:
        exporter = get_exporter(name)
        try:
            data = run_exporter(exporter, meeting, options_for(exporter, {"lang": lang}))
        except KommunchefError as error:
            raise type(error)(f"{source}: {name}: {error}") from None
        write(exporter.suffix, data)
        downloads.append((f"{meeting.id}{exporter.suffix}", words[f"download_{name}"]))
    page_text = _with_site(page.decode("utf-8"), meeting, words, settings, downloads)
    write(".html", page_text.encode("utf-8"))
    document = outline(meeting, settings.language)
    events = None
    if settings.calendar:
        try:
            events = meeting_events(get_exporter("ics"), meeting, lang)
        except KommunchefError as error:
            raise type(error)(f"{source}: ics: {error}") from None
    summary = Summary(
        source=source.name,
        hash=digest,
        id=meeting.id,
        date=meeting.date.isoformat(),
        kind=str(meeting.kind),
        status=str(meeting.status),
        title=document.title,
        outputs=(*outputs, contribution_file(meeting.id)),
    )
    contribution = contribution_of(meeting, summary, document, words, settings.key, events)
    _write_new(staging / contribution_file(meeting.id), contribution_bytes(contribution))
    return summary


def _with_site(
    page: str,
    meeting: Meeting,
    words: Words,
    settings: Settings,
    downloads: list[tuple[str, str]],
) -> str:
    """The html format's page with the site's head links, banner and downloads filled in."""
    for place, marker in _PLACES.items():
        if page.count(marker) != 1:
            raise FormatError(
                f"the html format's page has no single place for the site's {place}: the site "
                "needs the blocks head, banner and upcoming of its page.html.j2"
            )
    if page.count("<main>") != 1:
        raise FormatError("the html format's page has no single <main> element for the site")
    root = "../"
    end = element(
        "nav",
        element("h2", words["downloads"]),
        element(
            "ul",
            join(
                [element("li", element("a", label, href=href)) for href, label in downloads], "\n"
            ),
        ),
        element(
            "p",
            element(
                "a",
                words("meeting_of_year", year=meeting.date.year),
                href=root + year_page(meeting.date.year),
            ),
        ),
        class_="site-downloads",
        aria_label=words["downloads"],
    )
    return (
        page.replace(_PLACES["head"], head_links(words, root))
        .replace(
            _PLACES["banner"], banner(words, settings.site_title, root, calendar=settings.calendar)
        )
        .replace("<main>", f'<main id="{CONTENT_ID}" tabindex="-1">')
        .replace(_PLACES["end-of-main"], end)
    )


def _write_new(path: Path, data: bytes) -> None:
    """Write a file of the staging folder, which nobody else sees until the swap."""
    with open(path, "xb") as handle:
        handle.write(data)
    os.chmod(path, 0o644)
