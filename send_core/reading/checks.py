"""Checks on what a file says once it is read: figures that cannot be what their unit says.

A check never changes a figure (it is kept as written, since only the officer knows what was
meant); it lists a warning beside the cell, for the Upload page's problems.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..problems import Problem, problem
from .extents import column_number
from .headers import shorten

# A percentage a KPI's figure or target can be: 0 to 100. "% change" KPIs may go past either
# end, which is why this is a warning to check, never a refusal.
LOWEST_PERCENT, HIGHEST_PERCENT = 0.0, 100.0
_CELL = re.compile(r"^(?P<sheet>.*)!(?P<column>[A-Z]{1,3})(?P<row>\d+)$")


def implausible_percentages(observations: pd.DataFrame) -> list[Problem]:
    """One ``percent_out_of_range`` warning per KPI and measure whose figures in percent go
    below 0 or above 100 (``'150%'`` as a target), at the first such cell, in the file's order.
    ``observations`` are one read's (their ``source`` ``Sheet!F12`` says where); the caller's
    frame is not changed. Empty when every percentage is from 0 to 100."""
    if observations.empty:
        return []
    values = observations["value"].to_numpy(dtype=float, na_value=np.nan)
    outside = (observations["unit"] == "percent").to_numpy(dtype=bool) & (
        (values < LOWEST_PERCENT) | (values > HIGHEST_PERCENT)
    )
    if not outside.any():
        return []
    flagged = observations.loc[outside, ["kpi_id", "kpi_name", "measure", "value_text", "source"]]
    problems = []
    for (_, measure), group in flagged.groupby(["kpi_id", "measure"], sort=False):
        first = group.iloc[0]
        name, written, count = shorten(str(first["kpi_name"]), 60), str(first["value_text"]), len(group)
        if measure == "target" and count == 1:
            message = (
                f"The target for '{name}' is '{written}', above 100 or below 0: check it is right (it was read as "
                "written)."
            )
        elif count == 1:
            message = (
                f"'{name}' has a percentage above 100 or below 0, '{written}': check it is right (it was read as "
                "written)."
            )
        else:
            what = "targets" if measure == "target" else "percentages"
            message = (
                f"'{name}' has {count} {what} above 100 or below 0, the first '{written}': check they are right "
                "(they were read as written)."
            )
        where = _CELL.match(str(first["source"]))
        problems.append(
            problem(
                "percent_out_of_range",
                message,
                location=str(first["source"]),
                sheet=where["sheet"] if where else "",
                row=int(where["row"]) if where else None,
                column=column_number(where["column"]) if where else None,
            )
        )
    return problems
