"""What a reader is: the shape every entry of the registry (:mod:`.registry`) has.

A reader has a ``name`` (the layout it reads, as ``read.layout`` reports it), a
``description`` for people, a ``detect`` that scores how well it fits, and a ``read``.
Most readers read one sheet at a time (:class:`SheetReader`); a reader of a format whose
files are one table, such as DfE open data, reads the whole file (:class:`FileReader`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

import pandas as pd

if TYPE_CHECKING:  # only for the type hints: the collector does not need the readers
    from .collector import CellCollector
    from .workbook import OpenedFile, Sheet


OPENED_SHARE = 0.3  # of a progress bar, for opening the file; reading it is the rest


@dataclass(frozen=True)
class Detection:
    """A reader's answer to "is this yours?": a ``score`` from 0 to 1 (the highest wins; a
    tie goes to the reader listed first) and what it ``found`` (a header row, say), which
    its ``read`` starts from instead of looking again."""

    layout: str
    score: float
    found: object


@dataclass(frozen=True)
class ReadOptions:
    """What the caller of ``read_scorecard`` asked for that a whole-file reader may need."""

    local_authority: str | None
    report: Callable[[float, str], None]


@dataclass(frozen=True)
class FileRead:
    """What a whole-file reader returns: observations, a problems frame, the accounting of
    the file's cells and, for DfE open data, every authority's values (else None)."""

    observations: pd.DataFrame
    problems: pd.DataFrame
    accounting: dict[str, int]
    local_authorities: pd.DataFrame | None = None


class SheetReader(Protocol):
    """Reads one sheet; its observations and problems go to the collector."""

    name: str
    description: str
    reads_whole_file: ClassVar[bool]  # False

    def detect(self, sheet: Sheet) -> Detection | None: ...

    def read(self, sheet: Sheet, detection: Detection, collector: CellCollector) -> dict[str, int]: ...


class FileReader(Protocol):
    """Reads a whole file at once."""

    name: str
    description: str
    reads_whole_file: ClassVar[bool]  # True
    refusal: str  # said of a file this reader was forced on but does not fit ("is not DfE open data: ...")

    def detect(self, opened: OpenedFile) -> Detection | None: ...

    def read(self, opened: OpenedFile, detection: Detection, options: ReadOptions) -> FileRead: ...
