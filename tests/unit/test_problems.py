"""Typed problems: codes from one documented set, frames in one shape, errors listed first."""

import re
from pathlib import Path

import pytest

from send_core.problems import PROBLEM_CODES, SEVERITIES, Problem, by_severity, problem, problems_frame

README = Path(__file__).resolve().parents[2] / "README.md"


def test_problems_frame_types_and_blanks():
    frame = problems_frame(
        [
            problem("unreadable_value", "m", location="S!A1", sheet="S", row=1, column=2),
            problem("not_utf8", "n", location="S"),
        ]
    )
    assert list(frame.columns) == ["code", "severity", "message", "location", "sheet", "row", "column"]
    assert frame["code"].tolist() == ["unreadable_value", "not_utf8"]
    assert frame["severity"].tolist() == ["error", "info"]  # each code's own severity
    assert frame["sheet"].tolist() == ["S", ""]
    assert str(frame["row"].dtype) == "Int64" and frame["row"].isna().tolist() == [False, True]
    assert frame["column"].tolist()[0] == 2


def test_an_empty_frame_has_the_columns():
    frame = problems_frame()
    assert frame.empty and list(frame.columns) == ["code", "severity", "message", "location", "sheet", "row", "column"]


def test_an_unknown_code_or_severity_is_refused():
    with pytest.raises(ValueError, match="no_such_code"):
        Problem("no_such_code", "error", "m")
    with pytest.raises(ValueError, match="fatal"):
        Problem("unreadable_value", "fatal", "m")


def test_the_summing_up_line_takes_the_severity_it_is_given():
    assert problem("more_problems", "9 more", severity="error").severity == "error"
    assert problem("more_problems", "9 more").severity == "warning"


def test_errors_come_first_then_warnings_then_notes_keeping_their_order():
    frame = problems_frame(
        [
            problem("not_utf8", "a"),
            problem("outside_table", "b"),
            problem("unreadable_value", "c"),
            problem("outside_table", "d"),
        ]
    )
    assert by_severity(frame)["message"].tolist() == ["c", "b", "d", "a"]


def test_every_code_has_a_known_severity_and_a_meaning():
    for code, kind in PROBLEM_CODES.items():
        assert re.fullmatch(r"[a-z0-9_]+", code)
        assert kind.severity in SEVERITIES and kind.meaning.endswith(".")
        # A short name in plain words for the Upload page: a capital, no code, no full stop.
        assert kind.title[0].isupper() and "_" not in kind.title and not kind.title.endswith(".")
        assert len(kind.title) <= 32
    titles = [kind.title for kind in PROBLEM_CODES.values()]
    assert len(set(titles)) == len(titles)  # two kinds never share a name


def test_every_code_is_in_the_readme_and_every_readme_code_exists():
    text = README.read_text(encoding="utf-8")
    section = text.split("### Problem codes", 1)[1].split("\n#", 1)[0]
    listed = set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M))
    assert listed == set(PROBLEM_CODES)
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| (\w+) \| ([^|]+) \|", section, flags=re.M)
    assert {code: (severity, title) for code, severity, title in rows} == {
        code: (kind.severity, kind.title) for code, kind in PROBLEM_CODES.items()
    }


def test_within_a_severity_problems_follow_the_file_sheet_by_sheet_then_row_and_column():
    frame = problems_frame(
        [
            problem("unheaded_column", "J7", sheet="Scorecard", row=7, column=10),
            problem("unheaded_column", "J9", sheet="Scorecard", row=9, column=10),
            problem("outside_table", "C9", sheet="Scorecard", row=9, column=3),
            problem("unheaded_column", "Notes D4", sheet="Notes", row=4, column=4),
            problem("sheet_not_recognised", "Notes sheet", sheet="Notes"),
            problem("unheaded_column", "J3", sheet="Scorecard", row=3, column=10),
            problem("unreadable_value", "error F20", sheet="Scorecard", row=20, column=6),
        ]
    )
    # The error first; then the warnings in Scorecard (read first) by row and column, then
    # Notes, its whole-sheet problem before its cell's.
    assert by_severity(frame)["message"].tolist() == ["error F20", "J3", "J7", "C9", "J9", "Notes sheet", "Notes D4"]


def test_the_messages_download_names_the_file_and_reads_as_the_table_does():
    from send_core.problems import problems_download

    frame = problems_frame(
        [
            problem("not_utf8", "Read as Windows-1252.", location="odd.csv"),
            problem(
                "unreadable_value",
                "'=HYPERLINK(1)' is not a number.",
                location="odd.csv!C2",
                sheet="odd.csv",
                row=2,
                column=3,
            ),
        ]
    )
    download = problems_download(frame, "odd.csv")
    # Headings as the Upload page's table words them, the file on every line (several files'
    # messages pasted into one sheet still say which is which), errors first, the code kept.
    assert list(download.columns) == ["File", "Severity", "Where", "What we found", "Kind", "Code"]
    assert download.to_dict("records") == [
        {
            "File": "odd.csv",
            "Severity": "Error",
            "Where": "odd.csv!C2",
            "What we found": "'=HYPERLINK(1)' is not a number.",
            "Kind": PROBLEM_CODES["unreadable_value"].title,
            "Code": "unreadable_value",
        },
        {
            "File": "odd.csv",
            "Severity": "Note",
            "Where": "odd.csv",
            "What we found": "Read as Windows-1252.",
            "Kind": PROBLEM_CODES["not_utf8"].title,
            "Code": "not_utf8",
        },
    ]
    assert frame["severity"].tolist() == ["info", "error"]  # the caller's frame is not changed
