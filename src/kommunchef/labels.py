"""The fixed words of every document, in Swedish and English: one table.

Everything a document says in its own words (headings, captions, status words, the plain-text
format's header keywords) is here; how dates and times are written is in
:mod:`kommunchef.dates`, and how the words are put together in :mod:`kommunchef.document`.
"""

from __future__ import annotations

from kommunchef.model import DocumentKind, Language, MeetingStatus

_LABELS: dict[str, tuple[str, str]] = {
    # key: (Swedish, English)
    "minutes": ("Anteckningar", "Minutes"),
    "agenda": ("Dagordning", "Agenda"),
    "notice": ("Kallelse", "Notice of meeting"),
    "excerpt": ("Utdrag", "Excerpt"),
    "excerpt_of": ("Utdrag ur {kind}", "Excerpt from the {kind}"),
    "without_email": ("Inbjudna utan e-postadress", "Invited without an e-mail address"),
    "date": ("Datum", "Date"),
    "time": ("Tid", "Time"),
    "location": ("Plats", "Location"),
    "body": ("Organ", "Body"),
    "present": ("Närvarande", "Present"),
    "absent": ("Ej närvarande", "Absent"),
    "guests": ("Övriga närvarande", "Also present"),
    "name": ("Namn", "Name"),
    "organisation": ("Organisation", "Organisation"),
    "title": ("Titel", "Title"),
    "presenters": ("Föredragande", "Presented by"),
    "decisions": ("Beslut", "Decision"),
    "follow_ups": ("Uppföljning", "Follow-up"),
    "owner": ("Ansvarig", "Owner"),
    "due": ("Senast", "Due"),
    "upcoming": ("Kommande möten", "Upcoming meetings"),
    "cancelled": ("INSTÄLLT", "CANCELLED"),
    "recorded_by": ("Antecknat av", "Minutes taken by"),
    "page_of": ("Sida {page} av {pages}", "Page {page} of {pages}"),
    "item": ("Punkt", "Item"),
    "contents": ("Innehåll", "Contents"),
    # The plain-text format's header keywords that no other document shows.
    "status": ("Status", "Status"),
    "url": ("Länk", "Link"),
    "revision": ("Revision", "Revision"),
    # Status words.
    "status_planned": ("planerat", "planned"),
    "status_held": ("genomfört", "held"),
    "status_cancelled": ("inställt", "cancelled"),
}


def label(key: str, language: Language | str = Language.SV) -> str:
    """The label ``key`` in ``language``: ``label("present")`` is "Närvarande"."""
    swedish, english = _LABELS[key]
    return english if Language(language) is Language.EN else swedish


def labels(language: Language | str = Language.SV) -> dict[str, str]:
    """Every label in ``language``, by key."""
    index = 1 if Language(language) is Language.EN else 0
    return {key: words[index] for key, words in _LABELS.items()}


def label_keys() -> tuple[str, ...]:
    """The keys of the table."""
    return tuple(_LABELS)


def status_word(status: MeetingStatus, language: Language | str = Language.SV) -> str:
    """ "planerat", "genomfört" or "inställt" (or the English words)."""
    return label(f"status_{status}", language)


def document_title(kind: DocumentKind, language: Language | str = Language.SV) -> str:
    """ "Anteckningar", "Dagordning" or "Kallelse" (or the English words)."""
    return label(str(kind), language)


def excerpt_title(kind: DocumentKind, language: Language | str = Language.SV) -> str:
    """ "Utdrag ur anteckningar" (an excerpt, protokollsutdrag), "Excerpt from the minutes"."""
    return label("excerpt_of", language).format(kind=document_title(kind, language).lower())
