"""Helpers shared by the reader tests: the sample files and small workbooks made in memory."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook

from tests.conftest import SAMPLE

BCP = SAMPLE / "bcp_send_scorecard_jan25.xlsx"
KPI_TABLE = SAMPLE / "send_kpi_table_2023.xlsx"
LOCALITIES = SAMPLE / "illustrative_locality_breakdown.csv"


def one(frame: pd.DataFrame, **where) -> pd.Series:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"expected one row for {where}, found {len(rows)}"
    return rows.iloc[0]


def by_name(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame[frame["kpi_name"] == name]


def xlsx_bytes(rows: list[list[object]], title: str = "Sheet1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Layout 2: the monthly scorecard (seed 001), from the sample workbook


MILESTONE_HEADER = [
    "KPI ID",
    "KPI",
    "Baseline\n(May 2021 or most recent available data)",
    "6 months\nTarget\nNov 2021",
    "RAG and Actual \nNov 2021",
    "12 months\nTarget\nMay 2022",
    "RAG\nand Actual\n May 2022",
    "18 months\nTarget\nNov 2022",
    "RAG\nand Actual\nNov 2022",
    "24 months\nTarget\nMay 2023",
    "RAG\nand Actual\nMay 2023",
]
MILESTONE_ROWS = [
    ["SL1", "% of professionals in the partnership that understand the vision", "Requires baseline"],
    [
        "GBR1a",
        "%EHCPs issued within 20 weeks (12 months rolling)",
        "53%",
        "60%",
        "58%",
        "60%",
        "65%",
        "70%",
        "65%",
        "80%",
        "68%",
    ],
    [
        "GBR9",
        "Average wait for OT ",
        "12 weeks",
        "Maintain 12 weeks ",
        "11 weeks ",
        "Maintain 12 weeks",
        "7 weeks",
        "Maintain 12 weeks",
        "8 weeks",
        "Maintain 12 weeks",
        "10 weeks",
    ],
    [
        "GBR10",
        "Average wait for SLT",
        "75 weeks",
        "25-35 weeks",
        "27 weeks",
        "20-25 weeks",
        "14 weeks",
        "20- 25 weeks",
        "15.8 weeks",
        "20- 25 weeks",
        "22 weeks",
    ],
    [
        "SL6",
        "Local Offer Website Traffic monitoring (Pageviews)",
        "15252 views/ month",
        ">16000 views/ month",
        "30777\nviews/ month",
        ">16000 views/ month",
        "25,184 views/ month",
        ">16000 views/ month",
        "23,860\nviews/ month",
        ">16000 views/ month",
        "32,158\nviews/ month",
    ],
]


EES_HEADER = "time_period,time_identifier,geographic_level,region_code,region_name,new_la_code,old_la_code,la_name,plans_issued_den,plans_issued_within_20_weeks,pc_plans_issued_within_20_weeks,pc_plans_issued_20_weeks_ex"
# DfE's published 2024 figures (see ../shared/data/SOURCES.md): England 46.4% excluding
# exceptions, Birmingham 26.7%, BCP 74.1% (77.6% excluding exceptions).
EES_ROWS = [
    "2024,Calendar year,National,,,,,,90392,41448,45.9,46.4",
    "2024,Calendar year,Regional,E12000005,West Midlands,,,,9558,3920,41,42.3",
    "2024,Calendar year,Regional,E12000009,South West,,,,8919,2767,31,28.5",
    "2024,Calendar year,Local authority,E12000005,West Midlands,E08000025,330,Birmingham,1382,369,26.7,26.7",
    '2024,Calendar year,Local authority,E12000009,South West,E06000058,839,"Bournemouth, Christchurch and Poole",784,581,74.1,77.6',
    "2024,Calendar year,Local authority,E12000009,South West,E06000099,999,Example Town,c,c,x,z",
]


def ees_bytes() -> bytes:
    return ("\n".join([EES_HEADER, *EES_ROWS]) + "\n").encode()
