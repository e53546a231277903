"""Files people download: safe CSV and Excel (no formulas from uploaded text), and the blank template."""

from __future__ import annotations

import io

import pandas as pd

from .reading import TEMPLATE_COLUMNS

# A cell starting with one of these would run as a formula in Excel ("CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells that Excel would run as formulas start with an apostrophe.

    Numbers are left alone (a negative number is not a formula); only text is changed.
    """
    result = frame.copy()
    for column in result.columns:
        if result[column].dtype == object or pd.api.types.is_string_dtype(result[column]):
            result[column] = result[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v
            )
    return result


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel shows £ and ▲ correctly), formulas neutralised."""
    return neutralise_formulas(frame).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per frame, every text cell stored as text, never a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe = neutralise_formulas(frame)
            for column in safe.columns:
                if pd.api.types.is_datetime64_any_dtype(safe[column]):
                    safe[column] = safe[column].dt.strftime("%Y-%m-%d").fillna("")
            safe.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
    return buffer.getvalue()


TEMPLATE_EXAMPLE = [
    {
        "kpi_id": "GBR1a",
        "kpi_name": "% EHCPs issued within 20 weeks",
        "section": "Getting the basics right",
        "measure": "actual",
        "comparator": "",
        "period": "2024-01",
        "period_label": "Jan 24",
        "value": "58%",
        "value_low": "",
        "value_high": "",
        "value_text": "",
        "unit": "percent",
        "locality": "North",
        "phase": "Primary",
    }
]


def blank_template() -> pd.DataFrame:
    """The tidy template's columns with one example row (delete it before filling in)."""
    return pd.DataFrame(TEMPLATE_EXAMPLE, columns=list(TEMPLATE_COLUMNS))
