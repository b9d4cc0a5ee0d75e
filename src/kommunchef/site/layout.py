"""The frame every page of the site shares: skip link, site header with navigation, main.

Links are relative, so the site works from any folder of a file server and from
``file://``; ``root`` is the way from a page up to the site's root (``""`` or ``"../"``).
"""

from __future__ import annotations

from attrs import frozen

from kommunchef.records import Record
from kommunchef.site.markup import Markup, element, join, text
from kommunchef.site.words import Words

STYLESHEET = "site.css"
FEED = "feed.xml"
CALENDAR = "calendar.ics"
HOME = "index.html"
DECISIONS = "decisions.html"
FOLLOW_UPS = "follow-ups.html"
SEARCH = "search.html"
MEETINGS = "meetings"
YEARS = "years"
CONTENT_ID = "content"


@frozen
class Frame(Record):
    """What every page of one site shares: its words, its title, whether it has a calendar."""

    words: Words
    site_title: str
    calendar: bool = True


def year_page(year: int) -> str:
    """The path of a year's page from the site's root."""
    return f"{YEARS}/{year}.html"


def meeting_page(meeting_id: str) -> str:
    """The path of a meeting's page from the site's root."""
    return f"{MEETINGS}/{meeting_id}.html"


def head_links(words: Words, root: str) -> Markup:
    """The stylesheet and the feed, for a page's ``<head>``."""
    return join(
        [
            element("link", rel="stylesheet", href=root + STYLESHEET),
            element(
                "link",
                rel="alternate",
                type="application/atom+xml",
                title=words["feed_text"],
                href=root + FEED,
            ),
        ],
        "\n",
    )


def banner(
    words: Words,
    site_title: str,
    root: str,
    current: str | None = None,
    *,
    calendar: bool = True,
) -> Markup:
    """The skip link and the site header with its navigation (the calendar if there is one)."""
    links = [
        (HOME, words["home"]),
        (DECISIONS, words["decisions"]),
        (FOLLOW_UPS, words["follow_ups"]),
        (SEARCH, words["search"]),
        (CALENDAR, words["calendar"]),
        (FEED, words["feed"]),
    ]
    if not calendar:
        links.remove((CALENDAR, words["calendar"]))
    items = [
        element(
            "li",
            element(
                "a", label, href=root + target, aria_current="page" if target == current else None
            ),
        )
        for target, label in links
    ]
    return join(
        [
            element("a", words["skip"], class_="skip-link", href=f"#{CONTENT_ID}"),
            element(
                "header",
                element(
                    "div",
                    element("p", element("a", site_title, href=root + HOME), class_="site-name"),
                    element("nav", element("ul", join(items, "\n")), aria_label=words["site_nav"]),
                    class_="inner",
                ),
                class_="site-header",
            ),
        ],
        "\n",
    )


def page(
    frame: Frame,
    *,
    title: str,
    root: str,
    content: Markup,
    current: str | None = None,
    scripts: tuple[str, ...] = (),
) -> str:
    """A whole page of the site's own: ``content`` goes inside ``<main>``."""
    words, site_title = frame.words, frame.site_title
    lang = str(words.language)
    head = join(
        [
            Markup('<meta charset="utf-8">'),
            element("meta", name="viewport", content="width=device-width, initial-scale=1"),
            element("title", f"{title} – {site_title}" if title != site_title else title),
            head_links(words, root),
        ],
        "\n",
    )
    body = join(
        [
            banner(words, site_title, root, current, calendar=frame.calendar),
            element("main", Markup("\n"), content, Markup("\n"), id=CONTENT_ID, tabindex="-1"),
            *(element("script", src=root + script) for script in scripts),
        ],
        "\n",
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{text(lang)}">\n<head>\n{head}\n</head>\n'
        f'<body class="site-page">\n{body}\n</body>\n</html>\n'
    )


__all__ = [
    "CALENDAR",
    "CONTENT_ID",
    "DECISIONS",
    "FEED",
    "FOLLOW_UPS",
    "HOME",
    "MEETINGS",
    "SEARCH",
    "STYLESHEET",
    "YEARS",
    "Frame",
    "banner",
    "head_links",
    "meeting_page",
    "page",
    "year_page",
]
