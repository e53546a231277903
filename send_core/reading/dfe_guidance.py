"""What DfE's open-data variables mean: labels and units from a release's data guidance, with
a built-in dictionary of the SEND releases' common variables as the fallback.

A release's ``data-guidance.txt`` lists, for each data file, every variable with DfE's own
description ("Total number of EHC plans", "EHC plans issued within 20 weeks excluding
exceptions - %"). The unit comes from that description: a percentage when it says so ("%",
"percentage", "percent"), a rate when it says "rate", otherwise a count. It is never guessed
from words in a column's name: ``plans_issued_20_weeks_ex`` is a number of plans, not weeks,
and SEN2's ``no_exc_20week_rate`` is a percentage.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

GUIDANCE_NAME = re.compile(r"(?i)(^|/)data[-_ ]guidance[^/]*\.txt$")
_FILE_LINE = re.compile(r"^Filename:\s*(?P<name>\S+)\s*$", re.M)
_VARIABLE_LINE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9_]*)\s+\|\s+(?P<description>.+?)\s*$")
_PERCENT_WORDS = re.compile(r"(?i)%|\bpercentage\b|\bpercent\b")
_RATE_WORDS = re.compile(r"(?i)\brate\b")
BUILT_IN_SOURCE = "the app's dictionary of DfE SEND variables"


@dataclass(frozen=True)
class Variable:
    """One variable: DfE's name for it, a label people read, its unit (``count``,
    ``percent`` or ``rate``) and where the label came from."""

    name: str
    label: str
    unit: str
    source: str


def unit_from_description(description: str) -> str:
    """``percent`` when the description says so, ``rate`` when it says rate, else ``count``."""
    if _PERCENT_WORDS.search(description):
        return "percent"
    if _RATE_WORDS.search(description):
        return "rate"
    return "count"


def _label(description: str) -> str:
    """DfE's description as a label: a trailing " - %" or "(%)" goes (the unit says it)."""
    label = re.sub(r"\s*(?:-\s*%|\(%\))\s*$", "", description.strip())
    return label[:1].upper() + label[1:] if label else label


def parse_data_guidance(text: str, source: str = "data guidance") -> dict[str, dict[str, Variable]]:
    """Each data file's variables from a release's data guidance, by file name (lower case)
    and then variable name (lower case). Lines that are not a variable's row are ignored, so
    any text can be given: what is not guidance gives an empty dict."""
    files: dict[str, dict[str, Variable]] = {}
    starts = list(_FILE_LINE.finditer(text))
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        file_name = start.group("name").strip().lower()
        variables: dict[str, Variable] = {}
        for line in text[start.end() : end].splitlines():
            found = _VARIABLE_LINE.match(line.strip())
            if not found or found.group("name").lower() == "variable":
                continue
            description = found.group("description")
            if set(description) <= {"-", " "}:
                continue
            name = found.group("name")
            variables[name.lower()] = Variable(
                name, _label(description), unit_from_description(description), f"{source} ({file_name})"
            )
        files[file_name] = variables
    return files


def _built_in(entries: Mapping[str, tuple[str, str]]) -> dict[str, Variable]:
    return {name.lower(): Variable(name, label, unit, BUILT_IN_SOURCE) for name, (label, unit) in entries.items()}


# The SEND releases' common variables, labelled from DfE's data guidance for "Education,
# health and care plans" (2025: caseload, timeliness) and the SEN2 statistics it replaced.
BUILT_IN_VARIABLES = _built_in(
    {
        # Caseload: plans as at January each year.
        "ehcplans": ("EHC plans (all, as at January)", "count"),
        "ehc_plans": ("EHC plans (all, as at January)", "count"),
        "mainstream_total": ("EHC plans: pupils in mainstream schools", "count"),
        "mainstream_total_pc": ("EHC plans: share in mainstream schools", "percent"),
        "special_total": ("EHC plans: pupils in special schools", "count"),
        "special_total_pc": ("EHC plans: share in special schools", "percent"),
        "ap_pru_total": ("EHC plans: in alternative provision", "count"),
        "ap_pru_total_pc": ("EHC plans: share in alternative provision", "percent"),
        "fe_total": ("EHC plans: in further education and post-16", "count"),
        "fe_total_pc": ("EHC plans: share in further education and post-16", "percent"),
        "elective_home_education": ("EHC plans: elective home education", "count"),
        "neet": ("EHC plans: not in employment, education or training", "count"),
        "placement_unknown": ("EHC plans: placement not recorded", "count"),
        "placement_unknown_pc": ("EHC plans: share with placement not recorded", "percent"),
        "ed_elsewhere": ("EHC plans: educated elsewhere", "count"),
        "ed_elsewhere_pc": ("EHC plans: share educated elsewhere", "percent"),
        # Timeliness: new plans issued within the statutory 20 weeks, by calendar year.
        "plans_issued_den": ("New EHC plans issued, including exceptions", "count"),
        "plans_issued_den_ex": ("New EHC plans issued, excluding exceptions", "count"),
        "plans_issued_within_20_weeks": ("New EHC plans issued within 20 weeks, including exceptions", "count"),
        "pc_plans_issued_within_20_weeks": ("New EHC plans issued within 20 weeks, including exceptions", "percent"),
        "plans_issued_20_weeks_ex": ("New EHC plans issued within 20 weeks, excluding exceptions", "count"),
        "pc_plans_issued_20_weeks_ex": ("New EHC plans issued within 20 weeks, excluding exceptions", "percent"),
        # Requests and assessments (2025 release, calendar years).
        "requests_received_in_year": ("Requests for an EHC needs assessment", "count"),
        "requests_decided_to_assess": ("Requests where the LA decided to assess", "count"),
        "request_assess_pc": ("Requests where the LA decided to assess", "percent"),
        "request_outcome_six_weeks": ("Requests decided within 6 weeks", "count"),
        "request_outcome_six_weeks_pc": ("Requests decided within 6 weeks", "percent"),
        "assess_in_year": ("EHC needs assessments", "count"),
        "assess_issued": ("Assessments where a plan was issued", "count"),
        "assess_issued_pc": ("Assessments where a plan was issued", "percent"),
        "assess_not_issued_pc": ("Assessments where a plan was not issued", "percent"),
        # SEN2 (to 2022): new plans and their timeliness.
        "new_all_ehc": ("New EHC plans made in the year", "count"),
        "no_exc_20week_ehc": ("New EHC plans issued within 20 weeks, excluding exceptions", "count"),
        "no_exc_20week_rate": ("New EHC plans issued within 20 weeks, excluding exceptions", "percent"),
        "inc_exc_20week_ehc": ("New EHC plans issued within 20 weeks, including exceptions", "count"),
        "inc_exc_20week_rate": ("New EHC plans issued within 20 weeks, including exceptions", "percent"),
        "inreq_ehc": ("Requests for an EHC needs assessment", "count"),
        "assessments": ("EHC needs assessments", "count"),
        "personal_budgets": ("EHC plans with a personal budget", "count"),
        "total_mediation": ("Mediation cases held", "count"),
        "total_tribunal": ("Appeals to the SEND tribunal", "count"),
        "discontinued_total": ("EHC plans that ceased", "count"),
    }
)


def variable_for(name: str, guidance: Mapping[str, Variable] | None = None) -> Variable:
    """The variable ``name``: from ``guidance`` (one file's, from :func:`parse_data_guidance`)
    if it lists it, else the built-in dictionary, else its name made readable, counted (and a
    percentage where DfE's naming convention marks one: a ``pc_`` or ``_pc`` name)."""
    key = name.lower()
    if guidance and key in guidance:
        return guidance[key]
    if key in BUILT_IN_VARIABLES:
        return BUILT_IN_VARIABLES[key]
    marked = key.startswith("pc_") or key.endswith("_pc") or "_pc_" in key
    label = name.replace("_", " ").strip().capitalize()
    return Variable(name, label, "percent" if marked else "count", "the column's name (no data guidance for it)")


def guidance_for_file(files: Mapping[str, Mapping[str, Variable]], file_name: str) -> dict[str, Variable]:
    """The variables for one uploaded file: its own entry when the guidance names it, else
    every file's variables together (a file saved under another name, such as
    ``dfe_ehcp_caseload_by_la.csv`` for ``caseload.csv``, is still described)."""
    own = files.get(file_name.lower())
    if own:
        return dict(own)
    merged: dict[str, Variable] = {}
    for variables in files.values():
        for key, variable in variables.items():
            merged.setdefault(key, variable)
    return merged
