"""The ``ics`` format for kommunchef: the meeting and its upcoming meetings as iCalendar.

``kommunchef export meeting.json -f ics`` writes a calendar file (or feed) that any calendar
can import or subscribe to: stable UIDs, SEQUENCE from the meeting's revision, Europe/Stockholm
times and no METHOD. E-mailed invitations (``METHOD:REQUEST``/``CANCEL``) are made by the
``kommunchef invite`` command in :mod:`kommunchef_ical.invite`.

Options:

* ``scope=meeting|upcoming|all`` (default ``all``): which events the calendar holds;
* ``lang=sv|en`` (default: the meeting's language): the words of summaries and descriptions.
"""

from __future__ import annotations

from kommunchef.exporting import check_options, language_option
from kommunchef.model import Meeting
from kommunchef_ical._version import __version__
from kommunchef_ical.calendar import (
    PRODID,
    SCOPES,
    TZID,
    UID_DOMAIN,
    Scope,
    build_calendar,
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
    options: tuple[str, ...] = ("scope", "lang")

    def export(self, meeting: Meeting, **options: str) -> bytes:
        """Return the calendar; options ``scope`` and ``lang``."""
        check_options(self.name, options, self.options)
        scope = scope_option(options.get("scope"))
        language = language_option(meeting, options)
        data: bytes = build_calendar(meeting, scope=scope, language=language).to_ical()
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
    "exporter",
    "file_stamp",
    "meeting_uid",
    "scope_option",
    "stockholm_timezone",
    "upcoming_uids",
]
