"""A whole DfE release, uploaded as the zip Explore Education Statistics gives: every data file
in it read as DfE open data, each variable named and measured by the release's own data
guidance (:mod:`.dfe_guidance`), with progress from file to file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd

from ..errors import ScorecardError
from ..problems import problem, problems_frame
from .dfe_guidance import parse_data_guidance
from .dfe_open_data import AUTHORITY_CATEGORIES, AUTHORITY_COLUMNS, is_dfe_open_data, read_dfe_open_data
from .reader import OPENED_SHARE, Detection, FileRead, ReadOptions
from .workbook import OpenedFile, open_file

DFE_RELEASE = "dfe_release"


def read_dfe_release(opened: OpenedFile, options: ReadOptions) -> FileRead:
    """Read every EES CSV in a release zip. KPI ids carry their file's name
    (``caseload:ehcplans``) so the same variable in two files stays two KPIs; a CSV that is
    not EES open data is listed as a problem, not read. Raises :class:`ScorecardError` when
    no file in the zip is DfE open data."""
    guidance = parse_data_guidance(opened.guidance_text, source=f"{opened.name} data guidance")
    observations, problem_frames, authorities = [], [], []
    accounting = dict.fromkeys(("cells", "values", "markers", "labels", "problems"), 0)
    notes = []
    members = sorted(opened.members.items())
    for position, (path, data) in enumerate(members):
        file_name = PurePosixPath(path).name
        share = OPENED_SHARE + (1 - OPENED_SHARE) * position / len(members)
        width = (1 - OPENED_SHARE) / len(members)
        options.report(share, f"Reading {file_name} ({position + 1} of {len(members)} files)")
        try:
            member = open_file(data, file_name)
        except ScorecardError as error:
            notes.append(problem("file_not_read", f"{path}: {error}", location=path, sheet=path))
            continue
        if not is_dfe_open_data(member):
            notes.append(
                problem(
                    "file_not_read",
                    f"{path} is not DfE open data (it has no time_period and geographic_level columns); not read.",
                    location=path,
                    sheet=path,
                )
            )
            continue

        def report(done: float, step: str, share: float = share, width: float = width, name: str = file_name) -> None:
            options.report(share + width * (done - OPENED_SHARE) / (1 - OPENED_SHARE), f"{name}: {step}")

        read = read_dfe_open_data(
            member, options.local_authority, report, guidance.get(file_name.lower()), totals_only=True
        )
        stem = PurePosixPath(path).stem
        frame = read.observations
        observations.append(
            frame.assign(kpi_id=stem + ":" + frame["kpi_id"], source=f"{file_name} " + frame["source"], section=stem)
        )
        problem_frames.append(read.problems.assign(sheet=path))
        for key in accounting:
            accounting[key] += read.accounting.get(key, 0)
        if read.local_authorities is not None and len(read.local_authorities):
            table = read.local_authorities
            authorities.append(table.assign(kpi_id=(stem + ":" + table["kpi_id"].astype(str)).astype("category")))
    if not observations:
        raise ScorecardError(
            f"{opened.name} is a zip, but none of its files is DfE open data or a spreadsheet. Upload the "
            "release's CSV files, or the zip Explore Education Statistics gives for a release."
        )
    problems = pd.concat([problems_frame(notes), *problem_frames], ignore_index=True)
    every = None
    if authorities:
        every = pd.concat(authorities, ignore_index=True)[list(AUTHORITY_COLUMNS)]
        every = every.astype(dict.fromkeys(AUTHORITY_CATEGORIES, "category"))
    return FileRead(pd.concat(observations, ignore_index=True), problems, accounting, every)


@dataclass(frozen=True)
class DfeReleaseReader:
    """The registry's entry for a release zip: it reads a whole file of files."""

    name: str = DFE_RELEASE
    description: str = "A DfE release (the zip of open-data CSV files, with its data guidance)"
    refusal: str = "is not a zip of DfE open-data CSV files"
    reads_whole_file = True

    def detect(self, opened: OpenedFile) -> Detection | None:
        """A zip holding CSV files is a release."""
        return Detection(self.name, 1.0, None) if opened.kind == "release" else None

    def read(self, opened: OpenedFile, detection: Detection, options: ReadOptions) -> FileRead:
        """Read every data file (see :func:`read_dfe_release`)."""
        return read_dfe_release(opened, options)


DFE_RELEASE_READER = DfeReleaseReader()
