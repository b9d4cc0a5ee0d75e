"""The ``ics`` format for kommunchef: the meeting and its upcoming meetings as iCalendar.

``kommunchef export meeting.json -f ics`` writes a calendar file (or feed) that any calendar
can import or subscribe to: stable UIDs, SEQUENCE from the meeting's revision, Europe/Stockholm
times and no METHOD. E-mailed invitations (``METHOD:REQUEST``/``CANCEL``) are made by the
``kommunchef invite`` command in :mod:`kommunchef_ical.invite`.

Options:

* ``scope=meeting|upcoming|all`` (default ``all``): which events the calendar holds;
* ``lang=sv|en`` (default: the meeting's language): the words of summaries and descriptions;
* ``uids=occurrence|document`` (default ``occurrence``): one UID per meeting occurrence, or
  the UIDs of earlier versions for calendars that already hold them.

A folder of meetings (:class:`kommunchef.Series`) becomes one calendar through
:meth:`IcalExporter.export_series`.
"""

from __future__ import annotations

from collections.abc import Iterable

from kommunchef.errors import OptionError
from kommunchef.exporting import check_options, language_option
from kommunchef.identity import scheme_option
from kommunchef.model import Language, Meeting
from kommunchef_ical._version import __version__
from kommunchef_ical.calendar import (
    PRODID,
    SCOPES,
    TZID,
    UID_DOMAIN,
    Scope,
    build_calendar,
    build_series_calendar,
    file_stamp,
    meeting_uid,
    scope_option,
    stockholm_timezone,
    upcoming_uids,
)


class IcalExporter:
    """Writes the meeting and its upcoming meetings as an iCalendar file (RFC 5545)."""

    name = "ics"
    media_type = "text/calendar"
    suffix = ".ics"
    description = "Calendar file of the meeting and its upcoming meetings (iCalendar)"
    options: tuple[str, ...] = ("scope", "lang", "uids")

    def export(self, meeting: Meeting, **options: str) -> bytes:
        """Return the calendar; options ``scope``, ``lang`` and ``uids``."""
        check_options(self.name, options, self.options)
        scope = scope_option(options.get("scope"))
        language = language_option(meeting, options)
        scheme = scheme_option(options.get("uids"))
        calendar = build_calendar(meeting, scope=scope, language=language, scheme=scheme)
        data: bytes = calendar.to_ical()
        return data

    def export_series(self, meetings: Iterable[Meeting], *, name: str, **options: str) -> bytes:
        """One calendar of every meeting of a series (documents in date order).

        Options ``lang`` (default: each document's language) and ``uids``.
        """
        check_options(self.name, options, ("lang", "uids"))
        lang = options.get("lang")
        language = None
        if lang is not None:
            if lang.strip().lower() not in {str(each) for each in Language}:
                raise OptionError(f"lang must be sv or en, not {lang!r}")
            language = Language(lang.strip().lower())
        scheme = scheme_option(options.get("uids"))
        calendar = build_series_calendar(meetings, name=name, language=language, scheme=scheme)
        data: bytes = calendar.to_ical()
        return data


exporter = IcalExporter()
"""The exporter object that the ``ics`` entry point names."""

__all__ = [
    "PRODID",
    "SCOPES",
    "TZID",
    "UID_DOMAIN",
    "IcalExporter",
    "Scope",
    "__version__",
    "build_calendar",
    "build_series_calendar",
    "exporter",
    "file_stamp",
    "meeting_uid",
    "scope_option",
    "stockholm_timezone",
    "upcoming_uids",
]
