"""The plugins: exporters, importers and command-line commands, found through entry points.

One registry for every kind of plugin. Each kind has its entry-point group; the entry points
come from :mod:`kommunchef.installed`, which reads the installed distributions' metadata
without importing any plugin. A plugin is imported only by :func:`load`.
"""

from __future__ import annotations

from kommunchef import installed
from kommunchef.errors import FormatError
from kommunchef.installed import EntryPoint, entry_points

# Not imported from typing, which would add to every start of the command line.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "COMMANDS",
    "EXPORTERS",
    "IMPORTERS",
    "EntryPoint",
    "commands",
    "entry_points",
    "exporters",
    "importers",
    "load",
    "refresh",
]

EXPORTERS = "kommunchef.exporters"
"""The entry-point group of exporters: ``name = module:exporter``, the name is the format."""
IMPORTERS = "kommunchef.importers"
"""The entry-point group of importers, keyed by file suffix: ``docx = module:importer``."""
COMMANDS = "kommunchef.commands"
"""The entry-point group of plugin commands: ``name = module:main``, ``main(argv) -> int``."""


def exporters() -> dict[str, EntryPoint]:
    """The exporters by format name. Two distributions claiming one name are an error."""
    return _claimed(EXPORTERS, lambda name: name, lambda name: f"format {name!r}")


def importers() -> dict[str, EntryPoint]:
    """The importers by file suffix, lower case and without its dot. Two distributions
    claiming one suffix are an error."""
    return _claimed(
        IMPORTERS, lambda name: name.lower().lstrip("."), lambda suffix: f"the suffix .{suffix}"
    )


def commands() -> dict[str, EntryPoint]:
    """The plugin commands by name (of two with one name, the one found last)."""
    return {entry.name: entry for entry in entry_points(COMMANDS)}


def load(entry_point: EntryPoint, what: str) -> object:
    """Load a plugin, turning any failure into one :class:`FormatError` line that names it.

    ``what`` names the plugin in the message: ``the 'docx' exporter``.
    """
    try:
        return entry_point.load()
    except Exception as error:  # a broken plugin must not take the CLI down with a traceback
        raise FormatError(
            f"{what} from {entry_point.distribution} {entry_point.version} cannot be loaded "
            f"({type(error).__name__}: {error}); reinstall {entry_point.distribution}"
        ) from error


def refresh() -> None:
    """Forget what was found, so that plugins installed since are found."""
    installed.refresh()


def _claimed(
    group: str, key: Callable[[str], str], label: Callable[[str], str]
) -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    claims: dict[str, list[EntryPoint]] = {}
    for entry in entry_points(group):
        name = key(entry.name)
        known = claims.setdefault(name, [])
        # One distribution seen twice (on two sys.path folders) is one claim.
        if any(
            (other.distribution.lower(), other.value) == (entry.distribution.lower(), entry.value)
            for other in known
        ):
            continue
        known.append(entry)
        found[name] = entry
    collisions = {name: entries for name, entries in claims.items() if len(entries) > 1}
    if collisions:
        details = "; ".join(
            f"{label(name)} is claimed by "
            + " and ".join(f"{entry.distribution} {entry.version}" for entry in entries)
            for name, entries in sorted(collisions.items())
        )
        raise FormatError(f"{details}: uninstall all but one of them")
    return found
