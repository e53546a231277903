"""Text from uploads is escaped wherever Streamlit would render Markdown."""

import pytest

from send_core.filters import Filters
from send_core.ui.text import escape_markdown, plain_label
from send_core.ui.widgets import nothing_to_show


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("**bold**", r"\*\*bold\*\*"),
        ("[click](http://example.org)", r"\[click\]\(http\:\/\/example\.org\)".replace(r"\/", "/")),
        (":red[alarm]", r"\:red\[alarm\]"),
        ("<b>x</b>", r"\<b\>x\<\/b\>".replace(r"\/", "/")),
        ("$x^2$", r"\$x^2\$"),
        ("line one\nline two", "line one line two"),
        ("% of EHCPs", "% of EHCPs"),
    ],
)
def test_markdown_characters_are_escaped(text, escaped):
    assert escape_markdown(text) == escaped


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Column B (Nov 24)", "Column B (Nov 24)"),
        ("Column C (:red[alarm] **now**)", "Column C ( red alarm now )"),
        ("Column D (`x` <b>y</b> $z$ # q)", "Column D ( x b y /b z q)"),
        # 59 characters kept: "Column E (" and ten "long"s with the spaces between, then "…".
        ("Column E (" + "long " * 20 + ")", "Column E (" + " ".join(["long"] * 10) + "…"),
    ],
)
def test_plain_labels_have_no_markdown_and_no_backslashes(text, label):
    assert plain_label(text) == label


@pytest.mark.parametrize(
    ("filters", "starts"),
    [
        (Filters(), "There are no figures to show for these months."),
        (Filters(locality="North"), "No KPIs match these filters."),
        (Filters(phase="Primary"), "No KPIs match these filters."),
    ],
)
def test_nothing_to_show_says_why(filters, starts):
    assert nothing_to_show(filters).startswith(starts)


def test_grid_columns_of_decimal_numbers_get_thousands_separators():
    import pandas as pd

    from send_core.ui.widgets import grid_column_config

    table = pd.DataFrame(
        {"Period": ["Jan 2025"], "Value": [3736.0], "Year": [2024], "Breakdown": ["Whole area"]},
    )
    config = grid_column_config(table, {"Breakdown": 346, "Value": 90})
    # A reviewer read "3736" in the grid where the static tables write "3,736".
    assert config["Value"]["type_config"]["format"] == "localized" and config["Value"]["width"] == 90
    assert config["Breakdown"]["width"] == 346 and "type_config" not in config["Breakdown"]  # text as it is
    assert "Year" not in config and "Period" not in config  # a year stays 2024


def test_an_exception_s_name_ending_in_a_full_stop_reads_cleanly():
    import pandas as pd

    from send_core.ui.widgets import exception_list

    rows = pd.DataFrame(
        [{"kpi_name": "% who complete transfer documentation by 31st March.", "reasons": "Off target",
          "latest_text": "72%", "section": ""}]
    )  # fmt: skip
    assert exception_list(rows) == "- **% who complete transfer documentation by 31st March**: Off target. Latest: 72%."
