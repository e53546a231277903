"""The readers, in one tuple: ``read_scorecard`` asks each to ``detect`` a file or sheet and
reads it with the best fit, or with the one ``layout=`` names.

Adding a layout is one new module with a reader (see :mod:`.reader`) and one line here.
"""

from __future__ import annotations

from ..errors import ScorecardError
from .dfe_open_data import DFE_OPEN_DATA_READER
from .dfe_release import DFE_RELEASE_READER
from .reader import FileReader, SheetReader
from .table import MILESTONE_READER, MONTHLY_READER, SECTIONED_READER
from .template import TEMPLATE_READER

READERS: tuple[SheetReader | FileReader, ...] = (
    TEMPLATE_READER,
    MONTHLY_READER,
    MILESTONE_READER,
    SECTIONED_READER,
    DFE_OPEN_DATA_READER,
    DFE_RELEASE_READER,
)

# What each layout is, for people: the Upload page's caption and the read's summary.
LAYOUTS: dict[str, str] = {reader.name: reader.description for reader in READERS}
MANUAL = "manual"  # read with the columns a person said (a ColumnMapping), not detected
MIXED = "mixed"  # the sheets of one workbook were read with different readers
READ_LAYOUTS: dict[str, str] = {
    **LAYOUTS,
    MANUAL: "read with the columns as you described them",
    MIXED: "several layouts, each sheet read with the reader that fitted it",
}


def reader_named(name: str) -> SheetReader | FileReader:
    """The reader for a layout name. Raises :class:`ScorecardError` for an unknown one."""
    for reader in READERS:
        if reader.name == name:
            return reader
    raise ScorecardError(f"Unknown layout '{name}'. Choose one of: {', '.join(LAYOUTS)}.")


def sheet_readers(layout: str | None = None) -> tuple[SheetReader, ...]:
    """The readers that read one sheet at a time: all of them, or the one ``layout`` names."""
    chosen = READERS if layout is None else (reader_named(layout),)
    return tuple(reader for reader in chosen if not reader.reads_whole_file)


def file_readers(layout: str | None = None) -> tuple[FileReader, ...]:
    """The readers that read a whole file: all of them, or the one ``layout`` names."""
    chosen = READERS if layout is None else (reader_named(layout),)
    return tuple(reader for reader in chosen if reader.reads_whole_file)
