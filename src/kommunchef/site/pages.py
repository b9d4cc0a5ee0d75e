"""The site's own pages: start page, year pages, registers and the search page.

They are written with :mod:`kommunchef.site.markup`, which escapes every string; the
registers are written row by row to their file, so a long series does not build one huge
string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from attrs import frozen

from kommunchef.labels import label
from kommunchef.records import Record
from kommunchef.register import Decision, FollowUpRecord, ItemRef
from kommunchef.site.layout import (
    DECISIONS,
    FOLLOW_UPS,
    HOME,
    SEARCH,
    Frame,
    meeting_page,
    page,
    year_page,
)
from kommunchef.site.markup import Markup, element, join
from kommunchef.site.meetings import Summary
from kommunchef.site.words import Words

LATEST = 10
"""How many of the latest minutes the start page lists."""

COMING = 10
"""How many coming meetings the start page lists."""


@frozen
class Coming(Record):
    """A coming meeting as the newest document describes it."""

    date: str
    text: str
    cancelled: bool
    page: str | None
    """The meeting's own page (an agenda or notice) from the site's root, if there is one."""


def _summary_line(summary: Summary, root: str) -> Markup:
    return element(
        "li",
        element("a", summary.title, href=root + meeting_page(summary.id)),
    )


def start_page(
    frame: Frame,
    latest: Sequence[Summary],
    years: Sequence[int],
    coming: Sequence[Coming],
    today: dt.date,
) -> str:
    """The start page: coming meetings, the :data:`LATEST` minutes of held meetings (the
    latest first) and every year."""
    words, site_title = frame.words, frame.site_title
    upcoming = [entry for entry in coming if entry.date >= today.isoformat()][:COMING]
    if upcoming:
        coming_list: Markup = element(
            "ul",
            join(
                [
                    element(
                        "li",
                        element("a", entry.text, href=entry.page) if entry.page else entry.text,
                    )
                    for entry in upcoming
                ],
                "\n",
            ),
            class_="meeting-list",
        )
    else:
        coming_list = element("p", words["no_coming"])
    latest_list: Markup = (
        element("ul", join([_summary_line(s, "") for s in latest], "\n"), class_="meeting-list")
        if latest
        else element("p", words["no_minutes"])
    )
    content = join(
        [
            element("h1", site_title),
            element(
                "section",
                element("h2", words["coming"], id="coming"),
                coming_list,
                aria_labelledby="coming",
            ),
            element(
                "section",
                element("h2", words["latest"], id="latest"),
                latest_list,
                aria_labelledby="latest",
            ),
            element(
                "section",
                element("h2", words["all_years"], id="years"),
                element(
                    "ul",
                    join(
                        [
                            element("li", element("a", str(year), href=year_page(year)))
                            for year in sorted(years, reverse=True)
                        ],
                        "\n",
                    ),
                ),
                aria_labelledby="years",
            ),
        ],
        "\n",
    )
    return page(frame, title=site_title, root="", content=content, current=HOME)


def year_page_html(
    frame: Frame, year: int, summaries: Sequence[Summary], years: Sequence[int]
) -> str:
    """One year's page: every document of the year in date order, and the other years."""
    words = frame.words
    root = "../"
    title = words("year_title", year=year)
    others = [
        element("li", element("a", str(other), href=f"{other}.html"))
        for other in sorted(years, reverse=True)
        if other != year
    ]
    content = join(
        [
            element("h1", title),
            element("p", words("meetings_count", count=len(summaries))),
            element(
                "ul", join([_summary_line(s, root) for s in summaries], "\n"), class_="meeting-list"
            ),
            element(
                "nav",
                element("h2", words["all_years"]),
                element("ul", join(others, "\n")),
                aria_label=words["all_years"],
            )
            if others
            else None,
        ],
        "\n",
    )
    return page(frame, title=title, root=root, content=content)


# -- registers ---------------------------------------------------------------------------------


def _item_link(ref: ItemRef, words: Words, root: str) -> Markup:
    anchor = f"{label('item', words.language).lower()}-{ref.number}"
    return element("a", ref.meeting_id, href=f"{root}{meeting_page(ref.meeting_id)}#{anchor}")


def _cells(ref: ItemRef, words: Words) -> list[Markup]:
    return [
        element("td", element("time", ref.date.isoformat(), datetime=ref.date.isoformat())),
        element("td", _item_link(ref, words, "")),
        element("td", str(ref.number)),
        element("td", ref.title),
    ]


class RegisterPage:
    """A register page (``decisions`` or ``follow-ups``) written row by row to ``handle``:
    :meth:`add` each row of :func:`register_row`, then :meth:`finish`."""

    def __init__(self, handle: IO[str], frame: Frame, kind: str) -> None:
        words = frame.words
        decisions = kind == "decisions"
        self._handle, self._words = handle, words
        self._title = words["decisions_title" if decisions else "follow_ups_title"]
        columns = [words["date"], words["meeting"], words["item"], words["heading"]]
        if decisions:
            columns.append(words["decision"])
        else:
            columns.extend([words["follow_up"], words["owner"], words["due"], words["status"]])
        marker = "\x00rows\x00"
        whole = page(
            frame,
            title=self._title,
            root="",
            current=DECISIONS if decisions else FOLLOW_UPS,
            content=join([element("h1", self._title), Markup(marker)], "\n"),
        )
        before, self._after = whole.split(marker)
        handle.write(before)
        self._head = element("tr", join([element("th", c, scope="col") for c in columns]))
        self._count = 0

    def add(self, row: str) -> None:
        """Write one row (a ``tr`` element)."""
        if self._count == 0:
            self._handle.write(
                f'<table class="register">\n<caption>{element("span", self._title)}</caption>\n'
                f"<thead>{self._head}</thead>\n<tbody>\n"
            )
        self._count += 1
        self._handle.write(row + "\n")

    def finish(self) -> None:
        """Close the table (or say the register is empty) and the page."""
        if self._count:
            self._handle.write("</tbody>\n</table>\n")
        else:
            self._handle.write(element("p", self._words["no_records"]) + "\n")
        self._handle.write(self._after)


def register_row(record: Decision | FollowUpRecord, words: Words) -> Markup:
    """A register's row of a decision or a follow-up, linking its item on the meeting's page."""
    if isinstance(record, Decision):
        return element("tr", join([*_cells(record.item, words), element("td", record.text)]))
    return follow_up_row(follow_up_cells(record, words), record.closed_by, words)


def follow_up_cells(record: FollowUpRecord, words: Words) -> Markup:
    """A follow-up's cells before its status: the status is known only when later meetings
    have been read."""
    due = record.due.isoformat() if record.due else None
    return join(
        [
            *_cells(record.item, words),
            element("td", record.text),
            element("td", record.owner or ""),
            element("td", element("time", due, datetime=due) if due else ""),
        ]
    )


def follow_up_row(cells: str, closed_by: ItemRef | None, words: Words) -> Markup:
    """A follow-up's row: its :func:`follow_up_cells` and its status, open or closed by."""
    if closed_by is None:
        status: Markup = Markup(words["open"])
    else:
        status = element(
            "a",
            words("closed", date=closed_by.date.isoformat(), item=closed_by.number),
            href=f"{meeting_page(closed_by.meeting_id)}#"
            f"{label('item', words.language).lower()}-{closed_by.number}",
        )
    return Markup(f"<tr>{cells}{element('td', status)}</tr>")


# -- search --------------------------------------------------------------------------------------


def search_page(frame: Frame, years: Sequence[int], shards: Iterable[str]) -> str:
    """The search page: a form and results for script, and for no script the way around."""
    words = frame.words
    title = words["search_title"]
    year_links = [
        element("li", element("a", words("year_title", year=y), href=year_page(y)))
        for y in sorted(years, reverse=True)
    ]
    content = join(
        [
            element("h1", title),
            element(
                "div",
                element("p", words["search_no_script"]),
                element(
                    "ul",
                    join(
                        [
                            element("li", element("a", words["decisions_title"], href=DECISIONS)),
                            element("li", element("a", words["follow_ups_title"], href=FOLLOW_UPS)),
                            *year_links,
                        ],
                        "\n",
                    ),
                ),
                id="search-no-script",
            ),
            element(
                "form",
                element("label", words["search_label"], for_="search-query"),
                element("input", type="search", id="search-query", name="q"),
                " ",
                element("button", words["search_button"], type="submit"),
                element("p", words["search_hint"], id="search-hint"),
                id="search-form",
                class_="search-form",
                role="search",
                action=SEARCH,
                hidden=True,
                data_count=words["search_count"],
            ),
            element("p", id="search-status", role="status"),
            element("ul", id="search-results", class_="meeting-list"),
        ],
        "\n",
    )
    scripts = ("search.js", *shards, "search-start.js")
    return page(frame, title=title, root="", content=content, current=SEARCH, scripts=scripts)


def years_of(summaries: Iterable[Summary]) -> Iterator[int]:
    """The years that have documents, each once, in order."""
    return iter(sorted({summary.year for summary in summaries}))
