"""Building a site: what changed, rendering, the listing pages, the manifest and the swap.

The new site is built in a staging folder beside the target (``.site.new-XXXX``): files of
meetings that did not change are hard-linked from the previous site, changed ones are
rendered, the listing pages are written from the meetings' stored contributions
(:mod:`kommunchef.site.contributions`), the manifest last. Then two renames swap it in:
the previous site becomes ``.site.old-XXXX`` and is removed, the staging folder becomes the
site. A failed build removes its staging folder and leaves the previous site as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import evolve, frozen

from kommunchef.model import Language
from kommunchef.site.aggregates import Aggregates, SiteInfo, build_aggregates
from kommunchef.site.calendar import calendar_frame
from kommunchef.site.contributions import FOLDER as CONTRIBUTIONS
from kommunchef.site.contributions import FORMAT as CONTRIBUTION_FORMAT
from kommunchef.site.contributions import Contribution, contribution_file, read_contribution
from kommunchef.site.layout import MEETINGS, SEARCH, YEARS, Frame, year_page
from kommunchef.site.meetings import (
    DOWNLOAD_FORMATS,
    SITE_TEMPLATE,
    Settings,
    SiteError,
    Summary,
    render_meeting,
    template_path,
)
from kommunchef.site.pages import search_page, start_page, year_page_html
from kommunchef.site.sources import STAMPS, read_sources, write_stamps
from kommunchef.site.words import Words

if TYPE_CHECKING:
    from kommunchef.publication import Profile
    from kommunchef.publication_cli import PublicationStep
    from kommunchef.series import Entry, Series

MANIFEST = ".kommunchef-site.json"
"""The manifest in the site's folder: settings, and per source its hash and output files."""

MANIFEST_VERSION = 2

ASSETS = ("site.css", "search.js", "search-start.js")
"""Files of this package copied into every site as they are."""

NEW_MARK = ".new-"
OLD_MARK = ".old-"


@frozen
class SiteBuild:
    """What a build did."""

    folder: Path
    rendered: tuple[str, ...]
    """The source files whose meeting was rendered (all of them on a first build)."""
    kept: int
    """How many meetings were kept from the previous site unchanged."""
    removed: tuple[str, ...]
    """Source files of the previous site that are gone."""
    redactions: tuple[str, ...]
    """What the profile removed from the rendered meetings: ``SOURCE: path: what``."""


def build_site(
    series: Series | str | os.PathLike[str],
    folder: str | os.PathLike[str],
    *,
    profile: str | os.PathLike[str] | Profile | PublicationStep | None = None,
    lang: str | Language = Language.SV,
    base_url: str | None = None,
    jobs: int = 1,
    today: dt.date | None = None,
    downloads: Sequence[str] | None = None,
) -> SiteBuild:
    """Build (or bring up to date) the static site of ``series`` in ``folder``.

    ``profile`` removes personal data first (see :mod:`kommunchef.publication`); a
    :class:`~kommunchef.publication_cli.PublicationStep` is used as it is and left for the
    caller to finish. ``base_url`` makes the feed's links absolute; every page links
    relatively. ``today`` decides which meetings are coming (default: today).
    ``downloads`` are the formats each meeting page offers, of ``docx``, ``pdf`` and
    ``json`` (default: those installed).
    """
    from kommunchef.series import Series

    if not isinstance(series, Series):
        series = Series(series)
    if jobs < 1:
        raise SiteError("jobs must be 1 or more")
    language = _language(lang)
    base = _base_url(base_url)
    target = Path(folder)
    step, own_step = _publication(profile)
    try:
        result = _build(
            series, target, step, language, base, jobs, today or dt.date.today(), downloads
        )
        redactions = tuple(step.report_lines()) if step is not None and own_step else ()
    finally:
        if step is not None and own_step:
            step.close()
    return SiteBuild(result.folder, result.rendered, result.kept, result.removed, redactions)


def _downloads(chosen: Sequence[str] | None, installed: dict[str, Any]) -> tuple[str, ...]:
    if chosen is None:
        return tuple(name for name in DOWNLOAD_FORMATS if name in installed)
    wanted = {name.strip().lower() for name in chosen}
    for name in sorted(wanted):
        if name not in DOWNLOAD_FORMATS:
            raise SiteError(
                f"a meeting page offers downloads as {', '.join(DOWNLOAD_FORMATS)}, not {name!r}"
            )
        if name not in installed:
            raise SiteError(f"the download format {name} is not installed")
    return tuple(name for name in DOWNLOAD_FORMATS if name in wanted)


def _language(lang: str | Language) -> Language:
    try:
        return Language(str(lang).strip().lower())
    except ValueError:
        raise SiteError(f"the site's language must be sv or en, not {lang!r}") from None


def _base_url(value: str | None) -> str | None:
    from urllib.parse import urlsplit

    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SiteError(f"the base URL {value!r} must be an http or https address of a folder")
    text = value.strip()
    return text if text.endswith("/") else text + "/"


def _publication(
    profile: str | os.PathLike[str] | Profile | PublicationStep | None,
) -> tuple[PublicationStep | None, bool]:
    from kommunchef.publication import load_profile
    from kommunchef.publication_cli import PublicationStep

    if profile is None:
        return None, False
    if isinstance(profile, PublicationStep):
        return profile, False
    return PublicationStep(load_profile(profile)), True


# -- the build ---------------------------------------------------------------------------------


def _build(
    series: Series,
    target: Path,
    step: PublicationStep | None,
    language: Language,
    base: str | None,
    jobs: int,
    today: dt.date,
    chosen: Sequence[str] | None,
) -> SiteBuild:
    from kommunchef.exporting import available_formats, get_exporter

    installed = {info.name: info for info in available_formats()}
    if "html" not in installed:
        raise SiteError("the site needs the html format: install kommunchef-html")
    recover(target)
    previous = _read_manifest(target)
    sources, scanned = read_sources(series, target)
    entries = [source.entry for source in sources]
    if not entries:
        raise SiteError(f"{series.folder}: the series has no meeting files")
    _check_ids(entries)
    latest = entries[-1]
    words = Words(language)
    frame = Frame(
        words,
        words("site_title", body=latest.body, organisation=latest.organisation),
        calendar="ics" in installed,
    )
    downloads = _downloads(chosen, installed)
    settings = Settings(
        language=language,
        site_title=frame.site_title,
        downloads=downloads,
        template=str(template_path()),
        calendar=frame.calendar,
        publication=step,
    )
    fingerprint = _fingerprint(settings, installed, step)
    settings = evolve(settings, key=_key(fingerprint))
    old = _previous_summaries(previous, fingerprint)
    digests = [source.hash for source in sources]

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{NEW_MARK}", dir=target.parent))
    stack = ExitStack()
    try:
        for sub in (MEETINGS, YEARS, CONTRIBUTIONS):
            (staging / sub).mkdir()
        summaries: list[Summary | None] = []
        todo: list[tuple[int, Path, str]] = []
        for index, (entry, digest) in enumerate(zip(entries, digests, strict=True)):
            known = old.get(entry.name)
            if known is not None and (known.hash, known.id) == (digest, entry.id):
                summaries.append(known)
            else:  # new or changed
                summaries.append(None)
                todo.append((index, entry.path, digest))
        # The kept meetings' files are linked in a thread while the rest is built (a kept
        # meeting gives the pass its previous contribution, read from the previous site).
        linking = _Linking(target, staging, summaries, background=jobs == 1 or len(todo) < 2)
        stack.callback(linking.wait)  # never left running while the staging folder goes
        for index, summary in _render(todo, staging, settings, jobs):
            summaries[index] = summary
        done = [summary for summary in summaries if summary is not None]
        names = {entry.name for entry in entries}
        removed = tuple(sorted(name for name in old if name not in names))
        years = sorted({summary.year for summary in done})
        stale = _write_years(staging, target, frame, done, years, old, todo, removed)
        listing = {"site": series.name, "base_url": base, "today": today.isoformat()}
        aggregates = None
        if not (todo or removed or previous is None or not old):
            aggregates = _previous_aggregates(previous, listing, target, staging, frame.calendar)
        repaired: list[str] = []
        if aggregates is None:
            calendar = None
            if frame.calendar:
                calendar = calendar_frame(get_exporter("ics"), series.name, str(language))
            rendered_now = {str(path.name) for _, path, _ in todo}
            stored = _Stored(target, staging, rendered_now, linking)
            aggregates = build_aggregates(
                staging,
                _contributions(stored, done, settings, series.folder, repaired),
                SiteInfo(frame, series.name, base, calendar),
                today,
                keep=lambda year, name: year not in stale and _link(target, staging, [name]),
            )
        # Kept meetings whose files are not all in the previous site are rendered again; their
        # contributions, like their files, follow from the same source and settings.
        again = [
            (index, entries[index].path, digests[index])
            for index in linking.wait()
            if entries[index].name not in repaired
        ]
        for index, summary in _render(again, staging, settings, jobs):
            summaries[index] = summary
        todo += again
        coming = tuple(c for c in aggregates.coming if c.date >= today.isoformat())
        aggregates = Aggregates(coming, aggregates.shards)
        _write_text(staging / "index.html", start_page(frame, done, aggregates.coming, today))
        _write_text(staging / SEARCH, search_page(frame, years, aggregates.shards))
        _copy_assets(staging)
        manifest = {
            "version": MANIFEST_VERSION,
            "settings": fingerprint,
            "listing": listing,
            "aggregates": aggregates.to_json(),
        }
        write_stamps(staging / STAMPS, sources, scanned)
        _write_manifest(staging / MANIFEST, manifest, done)
        stack.close()
        swap(staging, target)
    except BaseException:
        with suppress(Exception):  # the build's own error is the one to report
            stack.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    rendered = tuple(str(path.name) for _, path, _ in todo) + tuple(repaired)
    return SiteBuild(target, rendered, len(done) - len(rendered), removed, ())


class _Linking:
    """Links each kept meeting's files from the previous site into the staging folder: in a
    thread beside the rest of the build, or at once where worker processes are about to be
    forked (no thread may run then)."""

    def __init__(
        self, target: Path, staging: Path, summaries: list[Summary | None], *, background: bool
    ) -> None:
        self._pool: ThreadPoolExecutor | None = None
        summaries = list(summaries)  # as it is now: the build fills in rendered meetings
        if background:
            self._pool = ThreadPoolExecutor(max_workers=1)
            self._future = self._pool.submit(_link_kept, target, staging, summaries)
        else:
            self._missing = _link_kept(target, staging, summaries)

    def wait(self) -> list[int]:
        """The indexes of kept meetings whose files are not all in the previous site (none of
        their files is linked), once every link is made."""
        if self._pool is not None:
            try:
                self._missing = self._future.result()
            finally:
                self._pool.shutdown()
                self._pool = None
        return self._missing


def _link_kept(target: Path, staging: Path, summaries: list[Summary | None]) -> list[int]:
    """Link each kept meeting's files from the previous site; return the indexes of those
    whose files are not all there (they are rendered again)."""
    return [
        index
        for index, summary in enumerate(summaries)
        if summary is not None and not _link(target, staging, summary.outputs)
    ]


def _key(fingerprint: dict[str, Any]) -> str:
    """The hash of the settings that every stored contribution carries."""
    text = json.dumps(fingerprint, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _previous_summaries(
    previous: dict[str, Any] | None, fingerprint: dict[str, Any]
) -> dict[str, Summary]:
    """The previous build's summaries by source file; none when its settings differ or its
    manifest is not one this version wrote (then every meeting is rendered again)."""
    if previous is None or previous.get("settings") != fingerprint:
        return {}
    try:
        # Taken out of the manifest: its dictionaries go as the summaries are made.
        sources = previous.pop("sources")
        if not isinstance(sources, list):
            return {}
        summaries = [Summary.from_json(sources.pop()) for _ in range(len(sources))][::-1]
    except (KeyError, TypeError, ValueError):
        return {}
    if not all(_safe(name) for summary in summaries for name in summary.outputs):
        return {}
    return {summary.source: summary for summary in summaries}


def _safe(name: object) -> bool:
    """Whether a file name from a manifest is a plain path inside the site."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    parts = name.split("/")
    return not name.startswith("/") and all(part not in ("", ".", "..") for part in parts)


def _previous_aggregates(
    previous: dict[str, Any] | None,
    listing: dict[str, str | None],
    target: Path,
    staging: Path,
    calendar: bool,
) -> Aggregates | None:
    """When no meeting changed: the previous listing pages, hard-linked, if they were made
    for this site on this day or an earlier one (coming meetings only ever drop off)."""
    if previous is None:
        return None
    before = previous.get("listing")
    if not isinstance(before, dict) or any(
        before.get(name) != listing[name] for name in ("site", "base_url")
    ):
        return None
    today = listing["today"]
    if not isinstance(before.get("today"), str) or today is None or before["today"] > today:
        return None
    try:
        aggregates = Aggregates.from_json(previous["aggregates"])
    except (KeyError, TypeError, ValueError):
        return None
    files = _aggregate_files(aggregates, calendar)
    if not all(_safe(name) for name in files) or not _link(target, staging, files):
        return None
    return aggregates


class _Stored:
    """Where each meeting's stored contribution is read: a meeting rendered in this build's
    from the staging folder, a kept one's from the previous site (its link into the staging
    folder may not be made yet)."""

    def __init__(self, target: Path, staging: Path, rendered: set[str], linking: _Linking):
        self.target, self.staging, self.rendered, self.linking = target, staging, rendered, linking

    def path(self, summary: Summary) -> Path:
        root = self.staging if summary.source in self.rendered else self.target
        return root / contribution_file(summary.id)


def _contributions(
    stored: _Stored,
    summaries: list[Summary],
    settings: Settings,
    source_folder: Path,
    repaired: list[str],
) -> Iterator[tuple[Summary, Contribution]]:
    """Each meeting's stored contribution, in date order. A kept meeting whose contribution
    is missing, unreadable or made otherwise is rendered again (and added to ``repaired``)."""
    staging = stored.staging
    for summary in summaries:
        path = stored.path(summary)
        contribution = read_contribution(path, summary, settings.key)
        if contribution is None and summary.source not in stored.rendered:
            stored.linking.wait()  # its files are replaced: no link of them may come after
            for name in summary.outputs:
                (staging / name).unlink(missing_ok=True)
            source = source_folder / summary.source
            summary = render_meeting(source, summary.hash, staging, settings)
            repaired.append(summary.source)
            path = staging / contribution_file(summary.id)
            contribution = read_contribution(path, summary, settings.key)
        if contribution is None:
            raise SiteError(f"{path}: the contribution just written cannot be read back")
        yield summary, contribution


def _check_ids(entries: Sequence[Entry]) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.id in seen:
            raise SiteError(
                f"{entry.path}: the id {entry.id!r} is also the id of {seen[entry.id]}; "
                "each meeting of a site needs its own id"
            )
        seen[entry.id] = entry.name


def _fingerprint(
    settings: Settings, installed: dict[str, Any], step: PublicationStep | None
) -> dict[str, Any]:
    """Everything besides a meeting's own file that its files and its contribution depend
    on. (The site's name and address matter to the listing pages only.)"""
    from kommunchef import __version__

    template = files("kommunchef.site").joinpath(SITE_TEMPLATE).read_bytes()
    return {
        "kommunchef": __version__,
        "lang": str(settings.language),
        "title": settings.site_title,
        "formats": sorted(
            f"{name} {info.distribution} {info.version}" for name, info in installed.items()
        ),
        "downloads": list(settings.downloads),
        "template": hashlib.sha256(template).hexdigest(),
        "profile": None if step is None else repr(step.profile),
        "contributions": CONTRIBUTION_FORMAT,
    }


def _render(
    todo: list[tuple[int, Path, str]], staging: Path, settings: Settings, jobs: int
) -> Iterable[tuple[int, Summary]]:
    work = partial(_render_one, staging=staging, settings=settings)
    if jobs == 1 or len(todo) < 2:
        return [work(job) for job in todo]
    from concurrent.futures import ProcessPoolExecutor

    from kommunchef.batch import release_signals, signals_held

    with ProcessPoolExecutor(max_workers=jobs, initializer=release_signals) as pool:
        with signals_held():  # the workers start here
            results = pool.map(work, todo, chunksize=8)
        return list(results)


def _render_one(
    job: tuple[int, Path, str], staging: Path, settings: Settings
) -> tuple[int, Summary]:
    index, path, digest = job
    return index, render_meeting(path, digest, staging, settings)


def _write_years(
    staging: Path,
    target: Path,
    frame: Frame,
    summaries: list[Summary],
    years: list[int],
    old: dict[str, Summary],
    todo: list[tuple[int, Path, str]],
    removed: tuple[str, ...],
) -> set[int]:
    """Write the pages of the years that changed; link the others from the previous site.
    Return the years that changed.

    Every year page lists the other years, so a year that appears or goes renews them all.
    """
    old_years = sorted({summary.year for summary in old.values()})
    stale: set[int] = set(years) if old_years != years else set()
    names = {str(path.name) for _, path, _ in todo}
    for summary in summaries:
        if summary.source in names:
            stale.add(summary.year)
            if summary.source in old:
                stale.add(old[summary.source].year)
    stale.update(old[name].year for name in removed)
    by_year: dict[int, list[Summary]] = {}
    for summary in summaries:
        by_year.setdefault(summary.year, []).append(summary)
    for year in years:
        if year in stale or not _link(target, staging, [year_page(year)]):
            page = year_page_html(frame, year, by_year[year], years)
            _write_text(staging / year_page(year), page)
    return stale


def _aggregate_files(aggregates: Aggregates, calendar: bool) -> list[str]:
    from kommunchef.site.layout import CALENDAR, DECISIONS, FEED, FOLLOW_UPS

    names = [DECISIONS, FOLLOW_UPS, FEED, *aggregates.shards]
    return [*names, CALENDAR] if calendar else names


def _copy_assets(staging: Path) -> None:
    package = files("kommunchef.site")
    for name in ASSETS:
        (staging / name).write_bytes(package.joinpath(name).read_bytes())


def _write_text(path: Path, text: str) -> None:
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)


def _link(source_root: Path, staging: Path, names: Iterable[str]) -> bool:
    """Hard-link files of the previous site into the staging folder (copy without links).

    False, with nothing linked, when a file is missing from the previous site. Paths are
    strings here: this runs for every file of every kept meeting.
    """
    source_base, staging_base = f"{os.fspath(source_root)}/", f"{os.fspath(staging)}/"
    linked: list[str] = []
    for name in names:
        destination = staging_base + name
        try:
            _link_one(source_base + name, destination)
        except FileNotFoundError:
            for path in linked:
                os.unlink(path)
            return False
        linked.append(destination)
    return True


def _link_one(source: str, destination: str) -> None:
    """Hard-link one file, making its folder if need be; FileNotFoundError when the source
    is missing."""
    try:
        os.link(source, destination)
    except FileNotFoundError:
        folder = os.path.dirname(destination)
        if os.path.isdir(folder):
            raise
        os.makedirs(folder, exist_ok=True)  # another thread may be making it too
        _link_one(source, destination)
    except OSError:  # a file system without hard links
        shutil.copy2(source, destination)


# -- manifest, swap and recovery ---------------------------------------------------------------


def _write_manifest(path: Path, manifest: dict[str, Any], summaries: list[Summary]) -> None:
    """The manifest with its summaries last, written one at a time (not held as one text)."""
    head = json.dumps(manifest, ensure_ascii=False)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(head[:-1] + ', "sources": [')
        for index, summary in enumerate(summaries):
            handle.write(", " if index else "")
            handle.write(json.dumps(summary.to_json(), ensure_ascii=False))
        handle.write("]}")


def _read_manifest(target: Path) -> dict[str, Any] | None:
    """The previous build's manifest; ``None`` for a new or empty folder."""
    if not target.exists():
        return None
    if not target.is_dir():
        raise SiteError(f"{target} is a file; a site needs a folder")
    path = target / MANIFEST
    if not path.is_file():
        if any(target.iterdir()):
            raise SiteError(
                f"{target} is not empty and holds no site made by kommunchef ({MANIFEST}); "
                "choose a new or empty folder"
            )
        return None
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None  # unreadable: build everything again
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return None
    return data


def swap(staging: Path, target: Path) -> None:
    """Put the finished ``staging`` folder in the place of ``target`` with two renames.

    Between the renames ``target`` is missing: a kill right there leaves the previous site
    whole as ``.NAME.old-*`` and the new one whole as ``.NAME.new-*``; :func:`recover`, which
    every build runs first, puts the previous one back.
    """
    if not target.exists():
        os.rename(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD_MARK}", dir=target.parent))
    os.rmdir(old)  # a fresh unique name for the rename
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def recover(target: Path) -> None:
    """Clean up after a build that was killed: put a previous site back, remove leftovers."""
    parent = target.parent
    if not parent.is_dir():
        return
    leftovers = sorted(
        path
        for path in parent.iterdir()
        if path.name.startswith(f".{target.name}{NEW_MARK}")
        or path.name.startswith(f".{target.name}{OLD_MARK}")
    )
    olds = [path for path in leftovers if path.name.startswith(f".{target.name}{OLD_MARK}")]
    if not target.exists() and olds:
        newest = max(olds, key=lambda path: path.stat().st_mtime)
        os.rename(newest, target)
        leftovers.remove(newest)
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


__all__ = ["MANIFEST", "SiteBuild", "SiteError", "build_site", "recover", "swap"]
