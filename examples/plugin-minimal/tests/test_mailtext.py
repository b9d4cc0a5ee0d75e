"""The example plugin passes the conformance kit every exporter runs."""

from __future__ import annotations

from kommunchef_mailtext import exporter, lines

from kommunchef import Meeting, outline
from kommunchef.testing import check_exporter, hostile_meeting


def test_conforms() -> None:
    check_exporter(exporter, examples=30)


def test_lines_are_wrapped_at_72_columns() -> None:
    meeting: Meeting = hostile_meeting()
    body = list(lines(outline(meeting)))
    # Only a single word longer than a line may stand past column 72.
    too_long = [line for line in body if len(line) > 72 and len(line.split()) > 2]
    assert too_long == []
    assert " ".join(body[0].split()) in " ".join(outline(meeting).title.split())
