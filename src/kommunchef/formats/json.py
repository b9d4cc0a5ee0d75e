"""The ``json`` format: the lossless meeting document that ``kommunchef.loads`` reads."""

from __future__ import annotations

from kommunchef.exporting import check_options
from kommunchef.model import Meeting
from kommunchef.serialization import dumps


class JsonExporter:
    """Writes the meeting as the versioned JSON document (option ``indent``, default 2)."""

    name = "json"
    media_type = "application/json"
    suffix = ".json"
    description = "The meeting as a versioned JSON document (lossless)"
    options = ("indent",)

    def export(self, meeting: Meeting, **options: str) -> bytes:
        check_options(self.name, options, self.options)
        indent: int | None = 2
        if "indent" in options:
            value = options["indent"].strip()
            if value in ("none", "0"):
                indent = None
            elif value.isdigit() and int(value) <= 8:
                indent = int(value)
            else:
                from kommunchef.errors import OptionError

                raise OptionError(f"indent must be a number 0-8 or none, not {value!r}")
        return dumps(meeting, indent=indent).encode("utf-8")


exporter = JsonExporter()
