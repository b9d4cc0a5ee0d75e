"""The October 2021 minutes and the invite example as Markdown: every fact, in order."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from kommunchef_markdown import exporter
from markdown_it import MarkdownIt

import kommunchef
from kommunchef import (
    AgendaItem,
    BulletList,
    Link,
    ListItem,
    Meeting,
    NumberedList,
    Paragraph,
)
from kommunchef.errors import OptionError
from kommunchef.labels import label

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "kcg-2021-10-08.json"
INVITE = ROOT / "examples" / "invite-2026-12.json"


@pytest.fixture(scope="module")
def seed() -> Meeting:
    return kommunchef.load(SEED)


@pytest.fixture(scope="module")
def seed_markdown(seed: Meeting) -> str:
    return exporter.export(seed).decode("utf-8")


def _section(markdown: str, heading: str) -> str:
    """The text from the line ``heading`` to the next heading of level 1 or 2."""
    start = markdown.index(f"\n{heading}\n")
    following = [markdown.find(mark, start + 1) for mark in ("\n# ", "\n## ")]
    end = min([position for position in following if position != -1], default=len(markdown))
    return markdown[start:end]


def test_title_and_facts(seed_markdown: str) -> None:
    assert seed_markdown.startswith(
        "# Anteckningar – Kommunchefsgruppen 8 oktober 2021\n\n"
        "- **Datum:** fredag 8 oktober 2021\n"
        "- **Organ:** Kommunchefsgruppen\n"
        "- **Organisation:** GR\n\n"
    )


def test_every_participant_in_the_right_group(seed: Meeting, seed_markdown: str) -> None:
    for key, people in (
        ("present", seed.present),
        ("absent", seed.absent),
        ("guests", seed.guests),
    ):
        section = _section(seed_markdown, f"## {label(key)}")
        lines = [line for line in section.splitlines() if line.startswith("- ")]
        assert len(lines) == len(people)
        for line, person in zip(lines, people):
            assert line.startswith(f"- {person.name} (")
            assert line.endswith(f"{person.organisation_label})")
            if person.title:
                assert f" ({person.title}, " in line
    assert "- Magnus Sigfusson (Göteborg)\n" in seed_markdown  # "GBG" shown as its name
    assert "- Ann-Sofi Lodin (regiondirektör, VGR)\n" in seed_markdown


def test_every_item_with_its_text_in_order(seed: Meeting, seed_markdown: str) -> None:
    positions = []
    for item in seed.agenda:
        heading = f"\n## {item.number}. {item.title}\n"
        assert heading in seed_markdown
        positions.append(seed_markdown.index(heading))
        section = _section(seed_markdown, heading.strip("\n"))
        for block in item.body:
            if isinstance(block, Paragraph) and not any(isinstance(p, Link) for p in block.content):
                assert f"\n\n{block.text}\n" in section
    assert positions == sorted(positions)
    assert (
        "\n\n**Föredragande:** Ann-Sofi Lodin (regiondirektör, VGR), Helena L Nilsson "
        "(regionutvecklingsdirektör, VGR), Kaarina Sundelin (direktör för koncernstab "
        "beställning och produktionsstyrning av hälso- och sjukvård, VGR)\n\n"
    ) in seed_markdown
    assert "**Föredragande:** Peter Lönn (Härryda)\n" in seed_markdown


def test_lists_decisions_follow_ups_upcoming_and_recorder(seed_markdown: str) -> None:
    rapporter = _section(seed_markdown, "## 5. Rapporter")
    assert (
        "\n\n- Per Bäckström kommer att distribuera senaste anteckningarna från regionala rådet "
        "för samhällsskydd och beredskap till kommunchefsgruppen.\n"
        "- Malin Aronsson informerar inför nästa möte med kommundirektörsföreningen som äger "
        "rum i Kungsbacka.\n"
    ) in rapporter
    assert (
        "\n\n**Beslut**\n\nVid kommande möte med VGR står frågorna om Göteborg som motor för "
        "regionens utveckling samt fortsatt samarbete med hälso- och sjukvårdsnämnderna kring "
        "nära vård på dagordningen.\n"
    ) in _section(seed_markdown, "## 1. Möte med Västra Götalandsregionens ledning")
    assert (
        "\n\n**Uppföljning**\n\n- Frågan om fortsatt dataskyddsarbete återkommer vid ett "
        "kommande möte.\n"
    ) in _section(seed_markdown, "## 2. Lägesrapport från dataskyddsombuden")
    assert (
        "\n\n**Uppföljning**\n\n- Gruppen återkommer till denna diskussion vid ett kommande möte."
    ) in _section(seed_markdown, "## 6. Övriga frågor och kommande möten")
    # The upcoming meetings stand in item 6, which is about them, under no heading of their own.
    assert "\n## Kommande möten\n" not in seed_markdown
    assert (
        "\n\n- 11–12 november 2021 – Kommunchefsgruppens lunch till lunch-möte – Plats: "
        "Stenungsbaden\n\n**Uppföljning**"
    ) in _section(seed_markdown, "## 6. Övriga frågor och kommande möten")
    assert seed_markdown.endswith("\n\n**Antecknat av:** Gunnel Rydberg, Förbundssekreterare\n")
    # Escaped only where Markdown would read markup: "GR:s" and "2024-2027" stay as written.
    assert "arbetet med GR:s nästa strategiska inriktning 2024-2027 kommer" in seed_markdown


def test_link(seed_markdown: str, gfm: MarkdownIt) -> None:
    url = "http://websvrnu.his.se/hd2021/Tema-3_punkt-2_Daniel_Melin.webm"
    shown = r"http:\//websvrnu\.his\.se/hd2021/Tema-3\_punkt-2\_Daniel\_Melin\.webm"
    assert f"\n\n[{shown}]({url})\n\n" in seed_markdown
    assert f'<p><a href="{url}">{url}</a></p>' in gfm.render(seed_markdown)


def test_rendered_structure(seed_markdown: str, gfm: MarkdownIt) -> None:
    html = gfm.render(seed_markdown)
    assert html.count("<h1>") == 1
    assert html.count("<h2>") == 3 + 6  # three groups, six items (upcoming meetings in item 6)
    assert html.count("<a href") == 1
    assert "\\" not in html  # no escape shows


def test_invite_example(gfm: MarkdownIt) -> None:
    markdown = exporter.export(kommunchef.load(INVITE)).decode("utf-8")
    assert markdown.startswith(
        "# Anteckningar – Kommunchefsgruppen 4 december 2026\n\n"
        "- **Datum:** fredag 4 december 2026\n"
        "- **Tid:** 09.00–12.00\n"
        "- **Plats:** GR, Anders Personsgatan 8, Göteborg\n"
        "- **Organ:** Kommunchefsgruppen\n"
        "- **Organisation:** GR\n"
        r"- **Länk:** [https:\//goteborgsregionen\.se/kommunchefsgruppen/2026-12-04]"
        "(https://goteborgsregionen.se/kommunchefsgruppen/2026-12-04)\n\n"
    )
    assert (
        "Underlag finns på [Länsstyrelsens webbplats]"
        "(https://www.lansstyrelsen.se/vastra-gotaland).\n\n"
        "### Ur diskussionen\n\n"
        "1. Gemensam övning under våren\n"
        "2. Samordnad information till invånarna\n"
        "3. Reservkraft i kommunernas lokaler\n"
        "   - skolor\n"
        "   - äldreboenden\n\n"
        "**Beslut**\n\n"
        "Kommunchefsgruppen ställer sig bakom en gemensam övning under våren 2027.\n\n"
        "**Uppföljning**\n\n"
        "- Frågan återkommer vid mötet i februari. "
        "(Ansvarig: Fredrik Holm; Senast: 5 februari 2027)\n"
    ) in markdown
    cancelled = label("cancelled", "sv")
    assert (
        "## 3. Övriga frågor och kommande möten\n\nInga övriga frågor.\n\n"
        "- 15 januari 2027, 09.00–12.00 – Kommunchefsgruppen – Plats: GR, Anders Personsgatan 8, "
        "Göteborg\n"
        f"- 5 februari 2027, 09.00–12.00 – **{cancelled}**: Kommunchefsgruppen – Plats: "
        "Mölndals stadshus – Ersätts av mötet den 12 februari.\n"
        "- 29–30 mars 2027, 12.00–13.00 – Kommunchefsgruppens lunch till lunch-möte – Plats: "
        "Stenungsbaden\n"
    ) in markdown
    html = gfm.render(markdown)
    assert f"<li>5 februari 2027, 09.00–12.00 – <strong>{cancelled}</strong>:" in html
    assert "<li>Reservkraft i kommunernas lokaler\n<ul>\n<li>skolor</li>" in html


def _lists_meeting() -> Meeting:
    nested = NumberedList(
        (
            ListItem(("tre",)),
            ListItem(
                ("fyra",),
                BulletList(
                    (
                        ListItem(
                            ("a", Link("länk", "https://example.org/a")),
                            NumberedList((ListItem(("djupast",)), ListItem(("och mer",))), start=7),
                        ),
                    )
                ),
            ),
        ),
        start=3,
    )
    return Meeting(
        id="lists",
        date=date(2026, 5, 4),
        agenda=(
            AgendaItem(
                1,
                "Listor",
                body=(
                    nested,
                    NumberedList((ListItem(("ny lista",)),), start=9),
                    BulletList((ListItem(("punkt",)),)),
                    BulletList((ListItem(("annan punkt",)),)),
                    BulletList((ListItem(("tredje listan",)),)),
                    Paragraph(("1. inte en lista",)),
                    Paragraph(("- inte heller",)),
                    Paragraph(("10) inte heller",)),
                ),
            ),
        ),
    )


def test_nested_and_numbered_lists(gfm: MarkdownIt) -> None:
    markdown = exporter.export(_lists_meeting()).decode("utf-8")
    assert (
        "## 1. Listor\n\n"
        "3. tre\n"
        "4. fyra\n"
        "   - a[länk](https://example.org/a)\n"
        "\n"
        "     7. djupast\n"
        "     8. och mer\n\n"
        "9) ny lista\n\n"
        "- punkt\n\n"
        "* annan punkt\n\n"
        "- tredje listan\n\n"
        "1\\. inte en lista\n\n"
        "\\- inte heller\n\n"
        "10\\) inte heller\n"
    ) in markdown
    html = gfm.render(markdown.split("## 1. Listor\n", 1)[1])
    assert html == (
        '<ol start="3">\n<li>tre</li>\n<li>fyra\n<ul>\n<li>\n'
        '<p>a<a href="https://example.org/a">länk</a></p>\n'
        '<ol start="7">\n<li>djupast</li>\n<li>och mer</li>\n</ol>\n</li>\n</ul>\n</li>\n</ol>\n'
        '<ol start="9">\n<li>ny lista</li>\n</ol>\n'
        "<ul>\n<li>punkt</li>\n</ul>\n"
        "<ul>\n<li>annan punkt</li>\n</ul>\n"
        "<ul>\n<li>tredje listan</li>\n</ul>\n"
        "<p>1. inte en lista</p>\n<p>- inte heller</p>\n<p>10) inte heller</p>\n"
    )


def test_lang_en(seed: Meeting) -> None:
    markdown = exporter.export(seed, lang="en").decode("utf-8")
    assert markdown.startswith("# Minutes – Kommunchefsgruppen 8 October 2021\n")
    for heading in ("## Present", "## Absent", "## Also present"):
        assert f"\n{heading}\n" in markdown
    assert "**Decision**" in markdown
    assert "**Follow-up**" in markdown
    assert "**Minutes taken by:** Gunnel Rydberg" in markdown
    assert (
        "- 11–12 November 2021 – Kommunchefsgruppens lunch till lunch-möte – Location: " in markdown
    )


def test_items_excerpt(seed: Meeting) -> None:
    markdown = exporter.export(seed, items="2,4").decode("utf-8")
    assert markdown.startswith(
        "# Utdrag ur anteckningar – Kommunchefsgruppen 8 oktober 2021\n\n*Utdrag: punkt 2, 4*\n\n"
    )
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Närvarande",
        "## Ej närvarande",
        "## Övriga närvarande",
        "## 2. Lägesrapport från dataskyddsombuden",
        "## 4. Det politiska arbetet i GR",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lang": "de"}, "lang must be sv or en"),
        ({"items": "9"}, "no agenda item 9"),
        ({"items": "two"}, "items must be agenda numbers"),
        ({"template": "x"}, r"the md format has no option 'template' \(options: lang, items\)"),
    ],
    ids=["lang", "missing-item", "not-numbers", "unknown-option"],
)
def test_bad_options(seed: Meeting, options: dict[str, str], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        exporter.export(seed, **options)


def test_through_kommunchef_and_the_command_line(seed: Meeting, tmp_path: Path) -> None:
    assert kommunchef.export(seed, "md") == exporter.export(seed)
    assert "md" in {info.name for info in kommunchef.available_formats()}
    result = subprocess.run(
        [sys.executable, "-m", "kommunchef", "export", str(SEED), "-f", "md", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kcg-2021-10-08.md").read_bytes() == exporter.export(seed)
