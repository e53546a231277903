"""Reading the periods people write in headers and plans.

Every period becomes a :class:`Period`: the month-start Timestamp it begins in, the month it
ends in (the same month for a single month), and the text as written. Forms read:

- months: ``Dec 23``, ``Dec 2023``, ``December 2023``, ``Nov-21``, ``2023-12``, real dates;
- days: ``30 Apr 2022``, ``30th April 2022``, ``2022-04-30``, ``28/09/2021`` (day first);
- ranges: ``Jan to March 2024``, ``September 2022 – December 2022``, ``April 2023 – July 2023``;
- financial years ``2023-24`` (April to March), academic years ``2023/24`` and EES ``202324``
  (September to August), quarters ``Q1 2024/25`` (financial quarters), calendar years ``2022``.

Anything else returns ``None``: the caller decides whether that is a problem.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

_MONTH_YEAR_RE = re.compile(rf"^(?P<month>{_MONTH_NAMES})\.?[\s\-/']*(?P<year>\d{{4}}|\d{{2}})$", re.I)
_DAY_MONTH_YEAR_RE = re.compile(
    rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s\-]+(?P<month>{_MONTH_NAMES})\.?[\s\-,]+(?P<year>\d{{4}}|\d{{2}})$", re.I
)
_ISO_DAY_RE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_ISO_MONTH_RE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")
_SLASH_DAY_RE = re.compile(r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})$")
_YEAR_RE = re.compile(r"^(?P<year>(?:19|20)\d\d)$")
_FINANCIAL_RE = re.compile(r"^(?:fy\s*)?(?P<start>(?:19|20)\d\d)\s*-\s*(?P<end>\d\d|\d{4})$", re.I)
_ACADEMIC_RE = re.compile(r"^(?:ay\s*|academic year\s*)?(?P<start>(?:19|20)?\d\d)\s*/\s*(?P<end>\d\d|\d{4})$", re.I)
_EES_ACADEMIC_RE = re.compile(r"^(?P<start>(?:19|20)\d\d)(?P<end>\d\d)$")
_QUARTER_RE = re.compile(r"^q(?P<q>[1-4])\s*(?P<start>(?:19|20)\d\d)\s*[/-]\s*(?P<end>\d\d|\d{4})$", re.I)
_RANGE_SPLIT_RE = re.compile(r"\s+(?:to|–|-|—|until)\s+", re.I)


@dataclass(frozen=True)
class Period:
    """A month or a span of months, as written."""

    start: pd.Timestamp
    end: pd.Timestamp
    label: str
    kind: str  # month, day, range, financial_year, academic_year, quarter, year

    @property
    def is_single_month(self) -> bool:
        return self.start == self.end


# Each kind of period written (Period.kind) as the data model's frequency: a day or a span of
# months is read as the month it starts in.
FREQUENCY_OF_KIND = {
    "month": "month",
    "day": "month",
    "range": "month",
    "quarter": "quarter",
    "financial_year": "financial_year",
    "academic_year": "academic_year",
    "year": "calendar_year",
}


def frequency_of(period: Period | None) -> str:
    """The data model's frequency for a period read (``""`` for None)."""
    return FREQUENCY_OF_KIND.get(period.kind, "month") if period is not None else ""


def month_index(when: pd.Timestamp | pd.Series) -> int | pd.Series:
    """Months counted from year 0 (``year * 12 + month - 1``), for a timestamp or a column of
    them: the difference of two is how many months apart they are."""
    if isinstance(when, pd.Series):
        return when.dt.year * 12 + when.dt.month - 1
    return when.year * 12 + when.month - 1


# The years a SEND scorecard or plan can mean. Outside them a "date" is a typing slip (year 0000,
# 20233), and far-future years would not fit the model's nanosecond timestamps (after 2262).
FIRST_YEAR, LAST_YEAR = 1900, 2100


def month_start(year: int, month: int) -> pd.Timestamp:
    """The first day of a month, as a Timestamp."""
    return pd.Timestamp(year=year, month=month, day=1)


def _year(text: str) -> int:
    """A year as written: two digits are 20xx; four digits are taken as they are (0000 is 0)."""
    number = int(text)
    return number + 2000 if len(text) <= 2 else number


def _in_range(*years: int) -> bool:
    return all(FIRST_YEAR <= year <= LAST_YEAR for year in years)


def parse_period(cell: object) -> Period | None:
    """Read a header, milestone or EES ``time_period`` cell as a :class:`Period`.

    Real ``datetime`` / ``date`` values (Excel dates) are read as their month. Two-digit years
    are 20xx. Returns ``None`` for anything that is not a period.
    """
    if isinstance(cell, (dt.datetime, dt.date, pd.Timestamp)):
        if not _in_range(cell.year):
            return None
        stamp = pd.Timestamp(cell)
        start = month_start(stamp.year, stamp.month)
        return Period(start, start, stamp.strftime("%d %b %Y") if stamp.day != 1 else stamp.strftime("%b %Y"), "month")
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if float(cell).is_integer() and 1990 <= cell <= 2100:
            return parse_period(str(int(cell)))
        if float(cell).is_integer() and 199000 <= cell <= 210099:
            return parse_period(str(int(cell)))
        return None
    if cell is None:
        return None
    label = " ".join(str(cell).split())  # whitespace collapsed, no-break spaces included
    text = label.strip(" .,:")
    if not text or len(text) > 60:
        return None
    lowered = text.lower()
    for prefix in ("actual ", "as at ", "by ", "target "):
        if lowered.startswith(prefix):
            text = text[len(prefix) :]
            lowered = text.lower()

    found = _parse_single_in_range(text)
    if found is not None:
        start, end, kind = found
        return Period(start, end, label, kind)

    parts = _RANGE_SPLIT_RE.split(text)
    if len(parts) == 2:
        first, second = parts
        second_found = _parse_single_in_range(second)
        if second_found is not None:
            first_found = _parse_single_in_range(first)
            if first_found is None:
                # "Jan to March 2024": the first part borrows the second part's year.
                month = MONTHS.get(first.lower().strip(" ."))
                if month is not None:
                    year = second_found[0].year
                    if month > second_found[0].month:
                        year -= 1
                    first_found = (month_start(year, month), month_start(year, month), "month")
            if first_found is not None and first_found[0] <= second_found[1]:
                return Period(first_found[0], second_found[1], label, "range")
    return None


def _parse_single_in_range(text: str) -> tuple[pd.Timestamp, pd.Timestamp, str] | None:
    """:func:`_parse_single`, or None for a year outside ``FIRST_YEAR`` to ``LAST_YEAR``."""
    try:
        found = _parse_single(text)
    except ValueError:  # a year Timestamp cannot hold (0000)
        return None
    return found if found is not None and _in_range(found[0].year, found[1].year) else None


def _parse_single(text: str) -> tuple[pd.Timestamp, pd.Timestamp, str] | None:
    match = _MONTH_YEAR_RE.match(text)
    if match:
        start = month_start(_year(match.group("year")), MONTHS[match.group("month").lower()])
        return start, start, "month"
    match = _DAY_MONTH_YEAR_RE.match(text)
    if match:
        year, month = _year(match.group("year")), MONTHS[match.group("month").lower()]
        if not _real_day(year, month, int(match.group("day"))):
            return None  # "30 Feb 2023" is no day at all
        start = month_start(year, month)
        return start, start, "day"
    for pattern in (_ISO_DAY_RE, _SLASH_DAY_RE):
        match = pattern.match(text)
        if match:
            month = int(match.group("month"))
            day = int(match.group("day"))
            year = _year(match.group("year"))
            if not _real_day(year, month, day):
                return None
            start = month_start(year, month)
            return start, start, "day"
    match = _ISO_MONTH_RE.match(text)
    if match and 1 <= int(match.group("month")) <= 12:
        start = month_start(int(match.group("year")), int(match.group("month")))
        return start, start, "month"
    match = _QUARTER_RE.match(text)
    if match and _consecutive(match.group("start"), match.group("end")):
        first_month = 4 + 3 * (int(match.group("q")) - 1)
        year = int(match.group("start")) + (1 if first_month > 12 else 0)
        first_month = (first_month - 1) % 12 + 1
        start = month_start(year, first_month)
        return start, start + pd.DateOffset(months=2), "quarter"
    match = _FINANCIAL_RE.match(text)
    if match and _consecutive(match.group("start"), match.group("end")):
        start_year = int(match.group("start"))
        return month_start(start_year, 4), month_start(start_year + 1, 3), "financial_year"
    match = _ACADEMIC_RE.match(text)
    if match and _consecutive(match.group("start"), match.group("end")):
        start_year = _year(match.group("start"))
        return month_start(start_year, 9), month_start(start_year + 1, 8), "academic_year"
    match = _EES_ACADEMIC_RE.match(text)
    if match and _consecutive(match.group("start"), match.group("end")):
        start_year = int(match.group("start"))
        return month_start(start_year, 9), month_start(start_year + 1, 8), "academic_year"
    match = _YEAR_RE.match(text)
    if match:
        year = int(match.group("year"))
        return month_start(year, 1), month_start(year, 12), "year"
    return None


def _real_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return _in_range(year)


def _consecutive(start: str, end: str) -> bool:
    start_year = _year(start)
    end_year = int(end) if len(end) == 4 else (start_year // 100) * 100 + int(end)
    return end_year == start_year + 1


def parse_date(cell: object) -> dt.date | None:
    """Read a single day (``30 Apr 2022``, ``2022-04-30``, ``28/09/2021``, a date).

    A month with no day (``June 2024``) is read as the last day of that month, since a
    milestone due in June is late only once June is over. Returns ``None`` otherwise.
    """
    if isinstance(cell, (pd.Timestamp, dt.date)):
        if not _in_range(cell.year):
            return None
        return cell.date() if isinstance(cell, dt.datetime) else cell
    if cell is None:
        return None
    text = " ".join(str(cell).split()).strip(" .,")
    for pattern in (_DAY_MONTH_YEAR_RE, _ISO_DAY_RE, _SLASH_DAY_RE):
        match = pattern.match(text)
        if match:
            month_text = match.group("month")
            month = MONTHS[month_text.lower()] if not month_text.isdigit() else int(month_text)
            year, day = _year(match.group("year")), int(match.group("day"))
            return dt.date(year, month, day) if _real_day(year, month, day) else None
    period = parse_period(text)
    if period is not None:
        end = period.end
        return (end + pd.offsets.MonthEnd(0)).date()
    return None
