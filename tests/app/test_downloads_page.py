"""The Downloads page: what each file holds is shown before it is built, every label gives
its format and size, and the printable report is made when asked for."""

from __future__ import annotations

import re

from tests.app.conftest import go, table_as_read, texts


def cover_facts(app) -> dict[str, str]:
    """The cover's facts as the preview's table shows them (its cells escaped for Markdown)."""
    cover = table_as_read(app)
    return {key.replace("\\", ""): value for key, value in zip(cover.iloc[:, 0], cover.iloc[:, 1], strict=True)}


def labels(app) -> list[str]:
    return [button.proto.label for button in app.get("download_button")]


def test_the_pack_is_previewed_and_its_label_gives_format_and_size(app):
    go(app, "Downloads")
    shown = labels(app)
    assert re.fullmatch(r"Download the board pack \(Excel, \d+ KB\)", shown[0])
    assert re.fullmatch(r"Download the KPI summary \(CSV, \d+ KB\)", shown[1])
    assert all(re.search(r"\((Excel|CSV), [\d,.]+ (KB|MB|bytes?)\)$", label) for label in shown)
    facts = cover_facts(app)
    # The Birmingham sample's illustrative monthly figures run to June 2023.
    assert facts["Data to"] == "June 2023" and facts["Local authority"] == "Sample data: Birmingham"
    assert "Sample data" in facts
    # The summary's preview is a static table of six columns, every one in sight at 1366 px
    # (a reviewer found a grid of all 14, three times the page's width).
    preview = app.table[1].value
    assert preview.columns.tolist() == ["KPI", "Latest period", "Latest", "Target", "Rating", "Variation \\(SPC\\)"]
    assert len(preview) == 8
    assert "The preview shows 6 of the summary's 14 columns" in texts(app)
    assert "Drawing every chart takes a few seconds" in texts(app)


def test_the_printable_report_is_made_when_asked_for(app):
    go(app, "Downloads")
    assert not any("printable report" in label for label in labels(app))
    app.button(key="prepare-report").click().run()
    assert not app.exception
    assert any(re.fullmatch(r"Download the printable report \(HTML, [\d,.]+ (KB|MB)\)", label) for label in labels(app))


def test_the_files_follow_the_objective_filter(app):
    go(app, "Downloads")
    app.selectbox(key="filter_objective").set_value("SL").run()
    assert "Showing objective System Leadership. Every download follows the filters in the sidebar." in texts(app)
    assert cover_facts(app)["Filters applied"] == "Showing objective System Leadership."
