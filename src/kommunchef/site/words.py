"""The site's own words, in Swedish (the default) and English."""

from __future__ import annotations

from kommunchef.model import Language

_WORDS: dict[str, dict[str, str]] = {
    "sv": {
        "skip": "Hoppa till innehållet",
        "site_nav": "Webbplatsen",
        "home": "Startsida",
        "years": "År",
        "year_title": "Möten {year}",
        "decisions": "Beslut",
        "decisions_title": "Beslutsregister",
        "follow_ups": "Uppföljningar",
        "follow_ups_title": "Uppföljningsregister",
        "search": "Sök",
        "search_title": "Sök i protokollen",
        "calendar": "Kalender",
        "calendar_text": "Prenumerera på kalendern (iCalendar)",
        "feed": "Nyhetsflöde",
        "feed_text": "Nyhetsflöde med publicerade anteckningar (Atom)",
        "coming": "Kommande möten",
        "no_coming": "Inga kommande möten är kända.",
        "latest": "Senaste anteckningarna",
        "no_minutes": "Inga anteckningar är publicerade ännu.",
        "all_years": "Alla år",
        "downloads": "Ladda ner",
        "download_docx": "Word (DOCX)",
        "download_pdf": "PDF",
        "download_json": "Data (JSON)",
        "meeting_of_year": "Fler möten {year}",
        "date": "Datum",
        "meeting": "Möte",
        "item": "Punkt",
        "heading": "Rubrik",
        "decision": "Beslut",
        "follow_up": "Uppföljning",
        "owner": "Ansvarig",
        "due": "Senast",
        "status": "Status",
        "open": "Öppen",
        "closed": "Avslutad {date}, punkt {item}",
        "no_records": "Registret är tomt.",
        "cancelled": "Inställt",
        "search_label": "Sökord",
        "search_button": "Sök",
        "search_no_script": "Sökningen kräver JavaScript. Utan JavaScript når du allt "
        "innehåll genom årssidorna och registren:",
        "search_hint": "Alla ord måste finnas med. Skriv * sist i ett ord för att söka på "
        "början av ordet.",
        "site_title": "{body}, {organisation}",
        "meetings_count": "{count} dokument",
        "search_count": "{count} träffar",
    },
    "en": {
        "skip": "Skip to content",
        "site_nav": "Site",
        "home": "Home",
        "years": "Years",
        "year_title": "Meetings {year}",
        "decisions": "Decisions",
        "decisions_title": "Register of decisions",
        "follow_ups": "Follow-ups",
        "follow_ups_title": "Register of follow-ups",
        "search": "Search",
        "search_title": "Search the minutes",
        "calendar": "Calendar",
        "calendar_text": "Subscribe to the calendar (iCalendar)",
        "feed": "News feed",
        "feed_text": "Feed of published minutes (Atom)",
        "coming": "Coming meetings",
        "no_coming": "No coming meetings are known.",
        "latest": "Latest minutes",
        "no_minutes": "No minutes are published yet.",
        "all_years": "All years",
        "downloads": "Download",
        "download_docx": "Word (DOCX)",
        "download_pdf": "PDF",
        "download_json": "Data (JSON)",
        "meeting_of_year": "More meetings in {year}",
        "date": "Date",
        "meeting": "Meeting",
        "item": "Item",
        "heading": "Heading",
        "decision": "Decision",
        "follow_up": "Follow-up",
        "owner": "Responsible",
        "due": "Due",
        "status": "Status",
        "open": "Open",
        "closed": "Closed {date}, item {item}",
        "no_records": "The register is empty.",
        "cancelled": "Cancelled",
        "search_label": "Search words",
        "search_button": "Search",
        "search_no_script": "Search needs JavaScript. Without JavaScript every page can be "
        "reached through the year pages and the registers:",
        "search_hint": "Every word must occur. End a word with * to search for words that "
        "begin with it.",
        "site_title": "{body}, {organisation}",
        "meetings_count": "{count} documents",
        "search_count": "{count} hits",
    },
}


class Words:
    """The site's words in one language: ``words["home"]``, ``words("year_title", year=2021)``."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._words = _WORDS[str(language)]

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def __call__(self, key: str, **values: object) -> str:
        return self._words[key].format(**values)
