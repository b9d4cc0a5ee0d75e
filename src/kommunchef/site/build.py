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
import itertools
import json
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import ExitStack, suppress
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from attrs import evolve, frozen

from kommunchef.model import Language
from kommunchef.records import Record
from kommunchef.site.aggregates import Aggregates, SiteInfo, build_aggregates
from kommunchef.site.calendar import calendar_frame
from kommunchef.site.child import fork
from kommunchef.site.contributions import FOLDER as CONTRIBUTIONS
from kommunchef.site.contributions import FORMAT as CONTRIBUTION_FORMAT
from kommunchef.site.contributions import Contribution, contribution_file, read_contribution
from kommunchef.site.layout import MEETINGS, SEARCH, YEARS, Frame, year_page
from kommunchef.site.manifest import LEGACY_MANIFEST, MANIFEST, Manifest, kept_outputs, safe_name
from kommunchef.site.meetings import (
    DOWNLOAD_FORMATS,
    SITE_TEMPLATE,
    Settings,
    SiteError,
    Summary,
    render_meeting,
    template_path,
)
from kommunchef.site.pages import LATEST, search_page, start_page, year_page_html
from kommunchef.site.sources import read_sources
from kommunchef.site.words import Words

if TYPE_CHECKING:
    from kommunchef.publication import Profile
    from kommunchef.publication_cli import PublicationStep
    from kommunchef.series import Series

ASSETS = ("site.css", "search.js", "search-start.js")
"""Files of this package copied into every site as they are."""

NEW_MARK = ".new-"
OLD_MARK = ".old-"


@frozen
class SiteBuild(Record):
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
    ``json`` (default: those installed). ``jobs`` renders the meetings in up to that many
    processes, never more than the CPUs this process may use.
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
    previous = _previous_manifest(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{NEW_MARK}", dir=target.parent))
    stack = ExitStack()
    try:
        manifest = Manifest(staging / MANIFEST, previous)
        stack.callback(manifest.close)
        scanned = read_sources(series, manifest)
        if not manifest.source_count():
            raise SiteError(f"{series.folder}: the series has no meeting files")
        _check_ids(manifest)
        body, organisation = manifest.latest_source()
        words = Words(language)
        frame = Frame(
            words,
            words("site_title", body=body, organisation=organisation),
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
        if manifest.previous.get("settings") != fingerprint:
            manifest.forget_previous_meetings()  # made otherwise: every meeting again
        for sub in (MEETINGS, YEARS, CONTRIBUTIONS):
            (staging / sub).mkdir()
        with manifest.batch():
            manifest.keep_unchanged()
        rendering = manifest.render_count()
        _render(manifest, manifest.to_render(), staging, settings, jobs)
        removed = manifest.removed()
        years = manifest.years()
        stale = _write_years(staging, target, frame, manifest, years)
        listing = {"site": series.name, "base_url": base, "today": today.isoformat()}
        aggregates = None
        if not (rendering or removed or not manifest.had_meetings()):
            aggregates = _previous_aggregates(
                manifest.previous, listing, target, staging, frame.calendar
            )
        # Kept meetings whose files are not all in the previous site are rendered again; their
        # contributions, like their files, follow from the same source and settings.
        repaired: list[Summary] = []
        missing: list[str] = []
        if aggregates is None:
            calendar = None
            if frame.calendar:
                calendar = calendar_frame(get_exporter("ics"), series.name, str(language))
            linker = _Linker(target, staging, manifest.path)
            stack.callback(linker.close)  # never left running while the staging folder goes
            aggregates = build_aggregates(
                staging,
                _contributions(target, staging, linker, manifest, settings, repaired),
                SiteInfo(frame, series.name, base, calendar),
                today,
                keep=lambda year, name: year not in stale and _link(target, staging, [name]),
            )
            missing = linker.wait()
        else:
            missing = [
                summary.source
                for summary in manifest.kept_meetings()
                if not _link(target, staging, summary.outputs)
            ]
        repairs = {summary.source for summary in repaired}
        for source in missing:
            if source not in repairs:
                digest = manifest.hash_of(source)
                repaired.append(render_meeting(manifest.path_of(source), digest, staging, settings))
        with manifest.batch():
            for summary in repaired:
                manifest.add_meeting(summary)
        coming = tuple(c for c in aggregates.coming if c.date >= today.isoformat())
        aggregates = Aggregates(coming, aggregates.shards)
        latest = manifest.latest_held(LATEST)
        _write_text(staging / "index.html", start_page(frame, latest, years, coming, today))
        _write_text(staging / SEARCH, search_page(frame, years, aggregates.shards))
        _copy_assets(staging)
        with manifest.batch():
            manifest.set("settings", fingerprint)
            manifest.set("listing", listing)
            manifest.set("aggregates", aggregates.to_json())
            manifest.set("scanned", scanned)
        rendered, kept = manifest.rendered(), manifest.kept_count()
        manifest.finish()
        stack.close()
        swap(staging, target)
    except BaseException:
        with suppress(Exception):  # the build's own error is the one to report
            stack.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteBuild(target, rendered, kept, removed, ())


def _key(fingerprint: dict[str, Any]) -> str:
    """The hash of the settings that every stored contribution carries."""
    text = json.dumps(fingerprint, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _previous_aggregates(
    previous: dict[str, Any],
    listing: dict[str, str | None],
    target: Path,
    staging: Path,
    calendar: bool,
) -> Aggregates | None:
    """When no meeting changed: the previous listing pages, hard-linked, if they were made
    for this site on this day or an earlier one (coming meetings only ever drop off)."""
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
    safe = all(isinstance(name, str) and safe_name(name) for name in files)
    if not safe or not _link(target, staging, files):
        return None
    return aggregates


class _Linker:
    """Links every kept meeting's files from the previous site while the listing pass goes on:
    in a child process where the system can fork (the links are system calls, tens of
    thousands for a large site, and run on another core), otherwise at once."""

    def __init__(self, target: Path, staging: Path, manifest: Path) -> None:
        def link(_: IO[bytes], answer: IO[bytes]) -> None:
            answer.write(json.dumps(_link_kept(target, staging, manifest)).encode("utf-8"))

        self._child = fork(link, "linking the files of the previous site")
        self._missing: list[str] | None = None
        if self._child is None:
            self._missing = _link_kept(target, staging, manifest)

    def wait(self) -> list[str]:
        """The source files of kept meetings whose files are not all in the previous site
        (none of their files is linked), once every link is made."""
        if self._missing is None:
            assert self._child is not None
            self._missing = json.loads(self._child.finish())
        return self._missing

    def close(self) -> None:
        if self._child is not None:
            self._child.close()


def _link_kept(target: Path, staging: Path, manifest: Path) -> list[str]:
    """Link each kept meeting's files from the previous site; return the source files of
    those whose files are not all there (they are rendered again)."""
    return [
        source for source, outputs in kept_outputs(manifest) if not _link(target, staging, outputs)
    ]


def _contributions(
    target: Path,
    staging: Path,
    linker: _Linker,
    manifest: Manifest,
    settings: Settings,
    repaired: list[Summary],
) -> Iterator[tuple[Summary, Contribution]]:
    """Each meeting's stored contribution, in the series' order: a kept meeting's from the
    previous site, while the linker links its files. A kept meeting whose contribution is
    missing, unreadable or made otherwise is rendered again (and added to ``repaired``, for
    the manifest once the pass is over)."""
    roots = {True: f"{os.fspath(target)}/", False: f"{os.fspath(staging)}/"}  # strings: faster
    for summary, kept in manifest.meetings():
        path = roots[kept] + contribution_file(summary.id)
        contribution = read_contribution(path, summary, settings.key)
        if contribution is None and kept:
            linker.wait()  # its files are replaced: no link of them may come after
            for name in summary.outputs:
                (staging / name).unlink(missing_ok=True)
            summary = render_meeting(
                manifest.path_of(summary.source), summary.hash, staging, settings
            )
            repaired.append(summary)
            path = roots[False] + contribution_file(summary.id)
            contribution = read_contribution(path, summary, settings.key)
        if contribution is None:
            raise SiteError(f"{path}: the contribution just written cannot be read back")
        yield summary, contribution


def _check_ids(manifest: Manifest) -> None:
    shared = manifest.shared_id()
    if shared is not None:
        path, meeting_id, first = shared
        raise SiteError(
            f"{path}: the id {meeting_id!r} is also the id of {first}; "
            "each meeting of a site needs its own id"
        )


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
    manifest: Manifest,
    todo: Iterator[tuple[Path, str]],
    staging: Path,
    settings: Settings,
    jobs: int,
) -> None:
    """Render each ``(path, hash)`` of ``todo`` and add its summary to the manifest, in up
    to ``jobs`` processes but no more than this process's usable CPUs."""
    from kommunchef.batch import worker_count

    work = partial(render_meeting, staging=staging, settings=settings)
    workers = worker_count(jobs)
    first = next(todo, None)
    if first is None:
        return
    second = next(todo, None)
    with manifest.batch():
        if workers == 1 or second is None:
            for path, digest in itertools.chain([first], [] if second is None else [second], todo):
                manifest.add_meeting(work(path, digest))
            return
        from concurrent.futures import ProcessPoolExecutor

        from kommunchef.batch import release_signals, signals_held

        jobs_left = itertools.chain([first, second], todo)
        with ProcessPoolExecutor(max_workers=workers, initializer=release_signals) as pool:
            with signals_held():  # the workers start here
                pending = _submit_some(pool, work, jobs_left, workers * _IN_FLIGHT)
            while pending:
                for summary in pending.popleft().result():
                    manifest.add_meeting(summary)
                pending += _submit_some(pool, work, jobs_left, 1)


_CHUNK = 8
"""Meetings a worker renders per task."""

_IN_FLIGHT = 4
"""Tasks waiting per worker: enough to keep it busy, few enough to hold little memory."""


def _submit_some(
    pool: Any,
    work: Callable[[Path, str], Summary],
    todo: Iterator[tuple[Path, str]],
    tasks: int,
) -> deque[Future[list[Summary]]]:
    """Up to ``tasks`` more tasks of :data:`_CHUNK` meetings each, taken from ``todo``."""
    submitted: deque[Future[list[Summary]]] = deque()
    for _ in range(tasks):
        chunk = list(itertools.islice(todo, _CHUNK))
        if not chunk:
            break
        submitted.append(pool.submit(_render_chunk, work, chunk))
    return submitted


def _render_chunk(
    work: Callable[[Path, str], Summary], chunk: list[tuple[Path, str]]
) -> list[Summary]:
    return [work(path, digest) for path, digest in chunk]


def _write_years(
    staging: Path, target: Path, frame: Frame, manifest: Manifest, years: list[int]
) -> set[int]:
    """Write the pages of the years that changed; link the others from the previous site.
    Return the years that changed.

    Every year page lists the other years, so a year that appears or goes renews them all.
    """
    stale: set[int] = set(years) if manifest.previous_years() != years else set()
    stale |= manifest.rendered_years() | manifest.changed_years()
    for year in years:
        if year in stale or not _link(target, staging, [year_page(year)]):
            page = year_page_html(frame, year, manifest.meetings_of(year), years)
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
        os.makedirs(folder, exist_ok=True)
        _link_one(source, destination)
    except OSError:  # a file system without hard links
        shutil.copy2(source, destination)


# -- manifest, swap and recovery ---------------------------------------------------------------


def _previous_manifest(target: Path) -> Path | None:
    """The previous build's manifest; ``None`` for a new or empty folder, and for a site
    whose manifest is of an earlier version (JSON: then everything is built again)."""
    if not target.exists():
        return None
    if not target.is_dir():
        raise SiteError(f"{target} is a file; a site needs a folder")
    path = target / MANIFEST
    if path.is_file():
        return path
    if not (target / LEGACY_MANIFEST).is_file() and any(target.iterdir()):
        raise SiteError(
            f"{target} is not empty and holds no site made by kommunchef ({MANIFEST}); "
            "choose a new or empty folder"
        )
    return None


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
