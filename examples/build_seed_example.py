"""Build the seed meeting in code and export it: the small script from the user guide.

Run: python examples/build_seed_example.py [OUTDIR]
It writes examples/kcg-2021-10-08.json (the bundled example) when OUTDIR is not given.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import kommunchef
from kommunchef import (
    AgendaItem,
    FollowUp,
    Link,
    Meeting,
    Paragraph,
    Person,
    Recorder,
    UpcomingMeeting,
)
from kommunchef.model import BulletList, ListItem


def _people(rows: str) -> tuple[Person, ...]:
    return tuple(
        Person(*(part.strip() for part in row.split(","))) for row in rows.strip().splitlines()
    )


def seed_meeting() -> Meeting:
    """The minutes of Kommunchefsgruppen's meeting in October 2021, every fact of the text."""
    present = _people(
        """
        Maria Reinholdsson, Ale
        Maria Standar, Alingsås
        Peter Lönn, Härryda
        Malin Aronsson, Kungsbacka
        Haleh Lindqvist, Kungälv
        Malin Krantz, Lilla Edet
        Mio Saba, Mölndal
        Per Bäckström, Partille
        Kicki Nordberg, Stenungsund
        Evike Sandor, Tjörn
        Rickard Vidlund, Öckerö
        Helena Söderbäck, GR
        Gunnel Rydberg, GR
        """
    )
    absent = _people(
        """
        Magnus Sigfusson, GBG
        Eva Hessman, GBG
        Gull-Britt Eide, Lerum
        """
    )
    vgr = (
        Person("Ann-Sofi Lodin", "VGR", "regiondirektör"),
        Person("Helena L Nilsson", "VGR", "regionutvecklingsdirektör"),
        Person(
            "Kaarina Sundelin",
            "VGR",
            "direktör för koncernstab beställning och produktionsstyrning av hälso- och sjukvård",
        ),
    )
    dso = (
        Person("Johan Bergström", "GR", "dataskyddsombud"),
        Person("Johan Borre", "GR", "dataskyddsombud"),
    )
    by_name = {p.name: p for p in present}
    agenda = (
        AgendaItem(
            number=1,
            title="Möte med Västra Götalandsregionens ledning",
            presenters=vgr,
            body=(
                Paragraph(
                    "Kommunchefsgruppen möter regionledningen i Västra Götalandsregionen för "
                    "dialog om gemensamma frågor och samarbete i regionen. Medverkar gör "
                    "Ann-Sofi Lodin, regiondirektör, Helena L Nilsson, regionutvecklingsdirektör "
                    "samt Kaarina Sundelin, direktör för koncernstab beställning och "
                    "produktionsstyrning av hälso- och sjukvård."
                ),
                Paragraph(
                    "Diskussion förs kring regionens och kommunernas gemensamma genomförande av "
                    "den regionala utvecklingsstrategin RUS 2030. Andra frågor som tas upp är "
                    "remisser kring nytt hälso- och sjukvårdsavtal samt Färdplan nära vård. "
                    "Dessutom görs en avstämning av läget efter pandemin. Ytterligare inspel ges "
                    "kring social hållbarhet och miljö i agenda 2030-arbetet, processen kring "
                    "framtida energiförsörjning samt gemensamt arbete kring Kompetensnavet."
                ),
                Paragraph(
                    "Såväl regionens representanter som kommuncheferna betonar vikten av fortsatt "
                    "dialog och samtal mellan regionledning och kommunchefer i olika "
                    "samarbetsforum för att ge förståelse för olika perspektiv och roller."
                ),
            ),
            decisions=(
                Paragraph(
                    "Vid kommande möte med VGR står frågorna om Göteborg som motor för regionens "
                    "utveckling samt fortsatt samarbete med hälso- och sjukvårdsnämnderna kring "
                    "nära vård på dagordningen."
                ),
            ),
        ),
        AgendaItem(
            number=2,
            title="Lägesrapport från dataskyddsombuden",
            presenters=dso,
            body=(
                Paragraph(
                    "Göteborgsregionens dataskyddsombud Johan Bergström och Johan Borre "
                    "presenterar sitt arbete i GR-kommunerna och ger en lägesrapport. Inför mötet "
                    "har gruppen tagit del av en film, se länk nedan:"
                ),
                Paragraph(
                    (
                        Link(
                            "http://websvrnu.his.se/hd2021/Tema-3_punkt-2_Daniel_Melin.webm",
                            "http://websvrnu.his.se/hd2021/Tema-3_punkt-2_Daniel_Melin.webm",
                        ),
                    )
                ),
                Paragraph(
                    "Diskuteras vilka förväntningar kommunerna har på sina DSO, vilka resurser "
                    "som avsätts för dataskyddsarbetet i kommunen, om arbetet bedrivs proaktivt "
                    "eller reaktivt och om hur kommunerna tar ägarskap i frågorna. DSO erbjuder "
                    "en utbildning via GR för intresserade i kommunerna."
                ),
            ),
            follow_ups=(
                FollowUp("Frågan om fortsatt dataskyddsarbete återkommer vid ett kommande möte."),
            ),
        ),
        AgendaItem(
            number=3,
            title="Arbetet i NDU – Nätverket för Digital utveckling",
            presenters=(by_name["Peter Lönn"],),
            body=(
                Paragraph(
                    "Peter Lönn ger en lägesrapport och kommunchefsgruppen ger vägledning in i "
                    "det fortsatta arbetet."
                ),
            ),
        ),
        AgendaItem(
            number=4,
            title="Det politiska arbetet i GR",
            presenters=(by_name["Helena Söderbäck"],),
            body=(
                Paragraph(
                    "Helena Söderbäck informerar om det politiska arbetet i GR med fokus på "
                    "förbundsstyrelsens strategidag den 29 oktober på Lindholmen med trygghet "
                    "som tema. Påminns också om att arbetet med GR:s nästa strategiska "
                    "inriktning 2024-2027 kommer att påbörjas under 2022."
                ),
            ),
        ),
        AgendaItem(
            number=5,
            title="Rapporter",
            presenters=(by_name["Per Bäckström"], by_name["Malin Aronsson"]),
            body=(
                BulletList(
                    (
                        ListItem(
                            "Per Bäckström kommer att distribuera senaste anteckningarna från "
                            "regionala rådet för samhällsskydd och beredskap till "
                            "kommunchefsgruppen."
                        ),
                        ListItem(
                            "Malin Aronsson informerar inför nästa möte med "
                            "kommundirektörsföreningen som äger rum i Kungsbacka."
                        ),
                    )
                ),
            ),
        ),
        AgendaItem(
            number=6,
            title="Övriga frågor och kommande möten",
            body=(
                Paragraph(
                    "Inspel ges till agendan inför kommunchefsgruppens lunch till lunch-möte på "
                    "Stenungsbaden. 11-12 november 2021."
                ),
                Paragraph(
                    "Förslag framkommer om att ta upp frågan om samarbete i GR kring en "
                    "visselblåsarfunktion, vilket blir lag för kommunerna att ha från 1 januari "
                    "2022."
                ),
            ),
            follow_ups=(
                FollowUp("Gruppen återkommer till denna diskussion vid ett kommande möte."),
            ),
        ),
    )
    return Meeting(
        id="kcg-2021-10-08",
        date=date(2021, 10, 8),
        body="Kommunchefsgruppen",
        organisation="GR",
        present=present,
        absent=absent,
        guests=vgr + dso,
        agenda=agenda,
        upcoming=(
            UpcomingMeeting(
                date=date(2021, 11, 11),
                end_date=date(2021, 11, 12),
                title="Kommunchefsgruppens lunch till lunch-möte",
                location="Stenungsbaden",
            ),
        ),
        recorded_by=Recorder("Gunnel Rydberg", "Förbundssekreterare"),
    )


def main(argv: list[str]) -> int:
    meeting = seed_meeting()
    problems = kommunchef.validate(meeting)
    for problem in problems:
        print(problem, file=sys.stderr)
    if len(argv) > 1:
        out = Path(argv[1])
        out.mkdir(parents=True, exist_ok=True)
        for info in kommunchef.available_formats():
            exporter = kommunchef.get_exporter(info.name)
            (out / f"{meeting.id}{exporter.suffix}").write_bytes(
                kommunchef.export(meeting, info.name)
            )
            print(f"wrote {out / (meeting.id + exporter.suffix)}")
    else:
        target = Path(__file__).with_name(f"{meeting.id}.json")
        target.write_text(kommunchef.dumps(meeting), encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
