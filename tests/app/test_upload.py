"""Uploading files: "What we read", errors as sentences, and the pages switching to your data."""

from __future__ import annotations

from tests.app.conftest import drop_files, go, open_expander, table_as_read, texts
from tests.conftest import SAMPLE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(app, *files):
    go(app, "Upload data")
    return drop_files(app, *files)


def test_uploading_each_sample_shows_what_we_read(app):
    files = [
        ("bcp_send_scorecard_jan25.xlsx", (SAMPLE / "bcp_send_scorecard_jan25.xlsx").read_bytes(), XLSX),
        ("send_kpi_table_2023.xlsx", (SAMPLE / "send_kpi_table_2023.xlsx").read_bytes(), XLSX),
        (
            "illustrative_locality_breakdown.csv",
            (SAMPLE / "illustrative_locality_breakdown.csv").read_bytes(),
            "text/csv",
        ),
        ("birmingham_app_plan.yaml", (SAMPLE / "birmingham_app_plan.yaml").read_bytes(), "application/x-yaml"),
    ]
    upload(app, *files)
    page = texts(app)
    assert "What we read" in page
    assert "bcp_send_scorecard_jan25.xlsx: Monthly scorecard" in page
    assert "77 KPIs, 14 periods (Dec 2023 to Jan 2025)" in page
    assert "Sectioned KPI table" in page
    assert "The app's own tidy template" in page
    assert "Improvement plan: 4 objectives, 31 actions, 54 KPIs, 7 risks." in page
    open_expander(app, "problems-open-bcp_send_scorecard_jan25.xlsx")  # none an error: folded away
    problems = [frame.value for frame in app.dataframe if "location" in frame.value.columns]
    assert any("Scorecard Jan 25!F22" in set(frame["location"]) for frame in problems)


def test_an_upload_gets_a_first_chart_of_its_first_kpi(app):
    data = (SAMPLE / "bcp_send_scorecard_jan25.xlsx").read_bytes()
    upload(app, ("bcp_send_scorecard_jan25.xlsx", data, XLSX))
    # The file's first KPI row (row 4 of the sheet): "No. of SEN Support", 7143 in Dec 23.
    assert "First look" in [h.value for h in app.main.header]
    assert "No. of SEN Support, the first KPI read from bcp_send_scorecard_jan25.xlsx." in [t.value for t in app.text]
    chart = app.get("vega_lite_chart")[-1]
    assert "No. of SEN Support" in chart.proto.spec
    # The chart's summary starts from the row's first cell, "7143 ▶" in Dec 23.
    assert any(t.value.startswith("No. of SEN Support: up from 7,143 ") for t in app.main.text)
    assert not app.file_uploader[0].value  # taken in, and the tray emptied, in the same run


def test_the_first_look_makes_its_table_only_when_its_tab_is_opened(app, monkeypatch):
    from send_core.ui import views
    from tests.app.conftest import open_tab

    made = []
    history_table = views.history_table
    monkeypatch.setattr(views, "history_table", lambda *args: made.append(args[1]) or history_table(*args))
    data = (SAMPLE / "bcp_send_scorecard_jan25.xlsx").read_bytes()
    upload(app, ("bcp_send_scorecard_jan25.xlsx", data, XLSX))
    assert "First look" in [h.value for h in app.main.header]
    assert made == []  # the chart is drawn; its table is not needed yet
    open_tab(app, "first-look", "Table")
    table = table_as_read(app)
    # Cell B4 of BCP's sheet: "7143 ▶" in Dec 23, the first month, as the file wrote it.
    first = table[table["Measure"] == "Actual"].iloc[0]
    assert (first["Period"], first["As written"], first["Source"]) == ("Dec 2023", "7143 ▶", "Scorecard Jan 25!B4")
    assert len(made) == 1
    open_tab(app, "first-look", "Download")  # the download uses the table already made
    assert len(made) == 1


def test_the_problems_are_one_click_away_and_open_when_a_value_could_not_be_read(app):
    data = (SAMPLE / "bcp_send_scorecard_jan25.xlsx").read_bytes()
    upload(app, ("bcp_send_scorecard_jan25.xlsx", data, XLSX))
    # Its summary says 0 errors, 6 warnings and 13 notes: 19, none an error, so folded away.
    (listed,) = [e for e in app.expander if "one per line" in e.label]
    assert listed.label == "19 problems found, one per line"
    assert not listed.proto.expanded
    # The column form, opened, starts from the sheet's row of headings (row 2, under the title).
    open_expander(app, "map-open-bcp_send_scorecard_jan25.xlsx")
    assert app.number_input(key="map-header-bcp_send_scorecard_jan25.xlsx").value == 2
    # Folded away, the list is not drawn at all; opened, as a click would, it is.
    assert not [frame for frame in app.dataframe if "location" in frame.value.columns]
    open_expander(app, "problems-open-bcp_send_scorecard_jan25.xlsx")
    (listed,) = [frame.value for frame in app.dataframe if "location" in frame.value.columns]
    assert len(listed) == 19
    # Severities in the words the summary counts them in: 6 warnings and 13 notes.
    assert listed["severity"].value_counts().to_dict() == {"Warning": 6, "Note": 13}
    go(app, "Upload data")
    app.button(key="remove-all").click().run()
    # "lots" is no number: an unreadable value, an error, so the list is open.
    upload(app, ("mine.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,lots,13\n", "text/csv"))
    (listed,) = [e for e in app.expander if "one per line" in e.label]
    assert listed.label == "1 problem found, one per line"
    assert listed.proto.expanded
    # Each problem's kind is in plain words, not the code the README lists it under.
    (listed,) = [frame.value for frame in app.dataframe if "location" in frame.value.columns]
    assert listed[["message", "kind"]].values.tolist() == [
        ["'lots' is not a number, range or marker we know; it was not read.", "Figure not understood"]
    ]
    assert "code" not in listed.columns


def test_a_plan_alone_gets_no_first_look(app):
    upload(app, ("birmingham_app_plan.yaml", (SAMPLE / "birmingham_app_plan.yaml").read_bytes(), "application/x-yaml"))
    assert "First look" not in [h.value for h in app.main.header]


def test_after_an_upload_the_pages_show_your_files_not_the_sample(app):
    upload(app, ("mine.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,12,13\n", "text/csv"))
    go(app, "Overview")
    page = texts(app)
    assert "sample data" not in page
    assert "mine.csv" in page


def test_a_broken_file_is_a_sentence_not_a_traceback(app):
    upload(app, ("broken.xlsx", b"PK\x03\x04 not really a workbook", XLSX))
    assert app.error and "could not be read" in app.error[0].value
    assert "Open it in Excel, save it again and re-upload" in texts(app)
    go(app, "Overview")
    assert "built-in **sample data**" in texts(app)


def test_a_broken_plan_lists_its_lines(app):
    upload(
        app,
        (
            "plan.yaml",
            b"version: 1\nprogramme:\n  name: x\n  local_authority: y\n  as_at: someday\nobjectives: []\n",
            "application/x-yaml",
        ),
    )
    assert "Line 5: as_at 'someday' is not a date" in texts(app)


def test_dfe_open_data_asks_which_authority_is_ours(app):
    csv = (
        "time_period,time_identifier,geographic_level,region_code,region_name,new_la_code,old_la_code,la_name,pc_plans_issued_within_20_weeks\n"
        "2024,Calendar year,National,,,,,,45.9\n"
        "2024,Calendar year,Local authority,E12000005,West Midlands,E08000025,330,Birmingham,26.7\n"
    )
    upload(app, ("timeliness.csv", csv.encode(), "text/csv"))
    chooser = app.selectbox(key="la-timeliness.csv")
    assert "Birmingham" in chooser.options
    chooser.set_value("Birmingham").run()
    assert "1 KPI," in texts(app)


def test_when_no_layout_is_recognised_the_user_says_which_column_is_what(app):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Measure name", "Jan 2025", "Goal"])
    sheet.append(["Complaints", 13, "<10"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(app, ("odd.xlsx", buffer.getvalue(), XLSX))
    assert "This file could not be read." in [e.value for e in app.error]
    # The form is drawn once its expander is opened, as a click would.
    assert [e.label for e in app.expander] == ["Say which column is what"]
    assert not [widget for widget in app.selectbox if widget.key.startswith("map-")]
    open_expander(app, "map-open-odd.xlsx")
    app.selectbox(key="map-name-odd.xlsx").set_value("A").run()
    # Roles are offered in words (a reviewer saw "period" and "target" as raw names).
    assert app.selectbox(key="map-role-odd.xlsx-B").options == [
        "Not used",
        "Actual figures for the month or year in its heading",
        "Target",
        "Baseline",
        "Comparator: England",
        "Comparator: Statistical neighbours",
        "Comparator: Region",
    ]
    app.selectbox(key="map-role-odd.xlsx-B").set_value("period").run()
    app.selectbox(key="map-role-odd.xlsx-C").set_value("target").run()
    app.button(key="map-read-odd.xlsx").click().run()
    assert not app.exception
    page = texts(app)
    assert "odd.xlsx: read with the columns as you described them." in page
    assert "1 KPI, 1 period (Jan 2025 to Jan 2025), 2 values and markers" in page


def test_text_from_an_upload_is_never_rendered_as_markdown(app):
    csv = "KPI,Nov 24,Dec 24,Jan 25,Target\n**Loud** [link](http://x) :red[KPI],1,2,3,5 (see [click](http://x))\n"
    upload(app, ("mine.csv", csv.encode(), "text/csv"))
    go(app, "Overview")
    # The target's words, in the tile's small print, escaped: no link is made of them.
    small_print = [m.value for m in app.markdown if "Target:" in m.value]
    assert any(r"\[click\]\(http\:" in m for m in small_print), small_print
    assert "**Loud** [link](http://x) :red[KPI]" in [t.value for t in app.text]  # shown as plain text
    go(app, "KPI explorer")
    assert any(r"\*\*Loud\*\*" in h.value for h in app.header)


def test_files_survive_a_trip_to_another_page_and_can_be_removed(app):
    upload(app, ("mine.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,12,13\n", "text/csv"))
    go(app, "Overview")
    go(app, "Upload data")  # Streamlit empties the uploader here; the file must stay
    assert "mine.csv" in texts(app)
    go(app, "Overview")
    assert "mine.csv" in texts(app)
    go(app, "Upload data")
    app.button(key="remove-mine.csv").click().run()
    go(app, "Overview")
    assert "built-in **sample data**" in texts(app)


def test_two_files_with_the_same_name_are_both_kept(app):
    first = ("scorecard.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,12,13\n", "text/csv")
    second = ("scorecard.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of appeals,7,8,9\n", "text/csv")
    upload(app, first, second)
    page = texts(app)
    assert page.count("scorecard.csv: Monthly scorecard") == 2


def test_a_removed_file_is_not_added_back_while_still_in_the_uploader(app):
    upload(app, ("mine.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,12,13\n", "text/csv"))
    app.button(key="remove-mine.csv").click().run()
    assert "No files uploaded" in texts(app)
    app.run()
    assert "No files uploaded" in texts(app)


def progress_bars(app) -> list:
    return list(app.get("progress"))  # an emptied bar leaves a placeholder, not a bar


def test_the_progress_bar_goes_when_a_file_is_read_and_when_it_cannot_be(app):
    upload(
        app,
        ("mine.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,12,13\n", "text/csv"),
        ("bad.csv", b"just,some\ntext,here\n", "text/csv"),
    )
    assert "This file could not be read." in [e.value for e in app.error]
    assert progress_bars(app) == []
    go(app, "Overview")  # the bad file is read again on every page; no bar may be left behind
    assert progress_bars(app) == []


def test_a_quick_read_draws_no_progress_bar_and_a_slow_one_does(app, monkeypatch):
    from send_core.ui import state

    real = state.read_untrusted

    def reporting(data, *, progress=None, **options):
        if progress is not None and b"slow" in data:
            progress(0.5, "Reading sheet 'slow' (1 of 1)")  # as the worker reports a read that takes a while
        return real(data, **options)

    monkeypatch.setattr(state, "read_untrusted", reporting)
    upload(app, ("quick.csv", b"KPI,Nov 24,Dec 24\nNo. of quick things,1,2\n", "text/csv"))
    # Nothing drawn for a quick read, so nothing is replayed when a page asks for it again.
    assert list(app.get("empty")) == [] and progress_bars(app) == []
    go(app, "Overview")
    assert list(app.get("empty")) == []
    go(app, "Upload data")
    drop_files(app, ("slow.csv", b"KPI,Nov 24,Dec 24\nNo. of slow things,1,2\n", "text/csv"))
    assert progress_bars(app) == []
    assert list(app.get("empty"))  # the bar was drawn, then emptied: its placeholder is left


def test_a_doubtful_read_opens_the_column_form_and_a_mapping_can_be_undone(app):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["KPI", "Nov 24", "Dec 24", "Jan 25", "Goal"])
    sheet.append(["No. of complaints", "17 ▼", "12 ▼", "13 ▲", "<10"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(app, ("goal.xlsx", buffer.getvalue(), XLSX))
    # "Goal" is not a heading the reader knows, but 1 of 10 cells unread is not enough to doubt...
    assert not app.warning
    # ...but the form is one click away anyway, and saying Goal holds targets reads it.
    assert "Not read as you expected? Say which column is what" in [e.label for e in app.expander]
    assert not [widget for widget in app.selectbox if widget.key.startswith("map-")]
    open_expander(app, "map-open-goal.xlsx")
    app.selectbox(key="map-role-goal.xlsx-B").set_value("period").run()
    app.selectbox(key="map-role-goal.xlsx-C").set_value("period").run()
    app.selectbox(key="map-role-goal.xlsx-D").set_value("period").run()
    app.selectbox(key="map-role-goal.xlsx-E").set_value("target").run()
    app.button(key="map-read-goal.xlsx").click().run()
    assert not app.exception
    assert "goal.xlsx: read with the columns as you described them." in texts(app)
    app.button(key="map-clear-goal.xlsx").click().run()
    assert "goal.xlsx: Monthly scorecard" in texts(app)


def test_a_file_mostly_not_understood_says_so(app):
    csv = b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,oops,n.k.,??\n"
    upload(app, ("odd.csv", csv, "text/csv"))
    assert any("may not have been read as you meant" in warning.value for warning in app.warning)
    # ...and its column form starts open, its lists drawn without a click.
    assert app.selectbox(key="map-name-odd.csv").value == "A"


def test_a_removed_file_can_be_uploaded_again_and_the_tray_empties(app):
    mine = ("mine.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,12,13\n", "text/csv")
    upload(app, mine)
    assert app.file_uploader[0].value in (None, [])  # taken in: the uploader is empty again
    assert "mine.csv" in texts(app)
    drop_files(app, mine)  # the same content twice is kept once
    assert not any(element.value.startswith("File 2") for element in app.subheader)
    app.button(key="remove-mine.csv").click().run()
    assert "No files uploaded" in texts(app)
    drop_files(app, mine)
    assert "mine.csv: Monthly scorecard" in texts(app)


def test_reading_with_the_form_as_it_starts_keeps_what_was_read(app):
    # The form starts from the headings: pressing Read at once gives the automatic reading
    # (three months of values), not a sheet with every column ignored.
    csv = b"KPI,Nov 24,Dec 24,Jan 25,Goal\nNo. of complaints,17,12,13,<10\n"
    upload(app, ("goal.csv", csv, "text/csv"))
    open_expander(app, "map-open-goal.csv")
    app.button(key="map-read-goal.csv").click().run()
    assert not app.exception
    assert "goal.csv: read with the columns as you described them. 1 KPI, 3 periods" in texts(app)


def test_a_file_that_cannot_be_used_is_named_once_on_other_pages(app):
    upload(
        app,
        ("mine.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,12,13\n", "text/csv"),
        ("bad.csv", b"just,some\ntext,here\n", "text/csv"),
    )
    go(app, "Overview")
    assert [e.value for e in app.error] == [
        "This file could not be used: bad\\.csv. The **Upload data** page says why and how to fix it."
    ]
    assert "no sheet looks like a scorecard" not in texts(app)


def test_an_empty_file_says_there_is_nothing_to_map(app):
    upload(app, ("empty.csv", b"\n\n", "text/csv"))
    assert "This file could not be read." in [e.value for e in app.error]
    open_expander(app, "map-open-empty.csv")
    assert "There are no cells in this file to choose from." in texts(app)


def test_the_messages_can_be_downloaded(app):
    csv = b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,=HYPERLINK(1),13\n"
    upload(app, ("odd.csv", csv, "text/csv"))
    assert [button.proto.label for button in app.get("download_button")] == ["Download the messages (CSV)"]
    # Its bytes come from to_csv_bytes, which neutralises formulas (tests/unit/test_downloads.py).


def test_a_file_that_cannot_be_read_is_tried_once_not_on_every_rerun(app, monkeypatch):
    import send_core.ui.state as state

    calls, original = [], state.read_untrusted

    def counted(*args, **kwargs):
        calls.append(kwargs.get("filename"))
        return original(*args, **kwargs)

    monkeypatch.setattr(state, "read_untrusted", counted)
    # Content no other test uploads, so the process-wide cache has not seen it.
    upload(app, ("tried-once.csv", b"nothing,to\nsee,here,once\n", "text/csv"))
    go(app, "Overview")
    go(app, "KPI explorer")
    assert calls == ["tried-once.csv"]


def hostile_files() -> list[tuple[str, bytes, str]]:
    from tests.unit.test_extents import ods_bytes, text_cell

    bomb = f'<table:table-row table:number-rows-repeated="1048576">{text_cell("x", 16384)}</table:table-row>'
    return [
        ("bomb.ods", ods_bytes(bomb), "application/vnd.oasis.opendocument.spreadsheet"),
        ("deep.yaml", b"[" * 20_000, "application/x-yaml"),
        ("year0.csv", b"kpi_id,period,value\nA1,0000-01,12\n", "text/csv"),
        ("mine.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,12,13\n", "text/csv"),
    ]


def test_one_bad_file_never_breaks_a_page(app):
    # Before: a file whose reading raised an untyped error made every page fail, the Upload page
    # too, so its Remove button was never drawn and only a browser reload recovered.
    upload(app, *hostile_files())
    page = texts(app)
    assert "reaches 1,048,576 rows by 16,384 columns of filled cells" in page
    assert "nested more than 32 levels deep" in page
    problems = " ".join(" ".join(frame.value["message"]) for frame in app.dataframe if "message" in frame.value.columns)
    assert "period '0000-01' is not a date" in problems  # a listed problem, not an error
    for name in ("bomb.ods", "deep.yaml", "year0.csv", "mine.csv"):
        assert app.button(key=f"remove-{name}") is not None
    for title in ("Overview", "KPI explorer", "Plan tracker", "Localities", "Downloads", "About the data"):
        go(app, title)  # go() asserts no exception
        if title == "Overview":
            overview = texts(app)
            assert "mine.csv" in overview and "sample data" not in overview
            assert "bomb\\.ods, deep\\.yaml" in overview  # named as files that could not be used
    go(app, "Upload data")
    app.button(key="remove-bomb.ods").click().run()
    app.button(key="remove-deep.yaml").click().run()
    assert "bomb.ods" not in texts(app) and "mine.csv" in texts(app)


def test_the_parsed_upload_cache_is_bounded_in_entries_and_time():
    # Before: parsed results sat in a cache with no time limit.
    from send_core.ui import state

    for cached in (state._read_upload_once, state._preview_once, state._read_plan_once):
        assert cached._info.max_entries <= state.UPLOAD_CACHE_ENTRIES
        assert cached._info.ttl == state.UPLOAD_CACHE_SECONDS


def test_uploaded_bytes_are_held_once_bounded_in_size_and_age(monkeypatch):
    from send_core.ui import state

    now = [1000.0]
    monkeypatch.setattr(state.time, "monotonic", lambda: now[0])
    store = state.UploadStore(max_bytes=10, max_age=60)
    store.put("a", b"12345")
    store.put("b", b"67890")
    assert store.get("a") == b"12345"
    store.put("c", b"xyz")  # 13 bytes held: the oldest goes
    assert (store.get("a"), store.get("b"), store.get("c")) == (None, b"67890", b"xyz")
    store.put("d", b"1")
    now[0] += 61
    assert store.get("d") is None  # older than an hour (here a minute): gone


def test_an_upload_whose_bytes_have_gone_asks_to_be_uploaded_again(app):
    from send_core.ui import state

    upload(app, ("mine.csv", b"KPI,Nov 24,Dec 24,Jan 25\nNo. of complaints,17,12,13\n", "text/csv"))
    state.upload_store()._files.clear()  # as an hour later
    state._read_upload_once.clear()
    state._combine.clear()
    go(app, "Upload data")
    assert "mine.csv was uploaded over an hour ago and is no longer held" in texts(app)
    assert app.button(key="remove-mine.csv") is not None


def test_uploaded_data_guidance_names_and_measures_dfe_kpis(app):
    csv = (
        "time_period,time_identifier,geographic_level,region_code,region_name,new_la_code,old_la_code,la_name,appeals_x\n"
        "2024,Calendar year,National,,,,,,12.5\n"
        "2024,Calendar year,Local authority,E12000005,West Midlands,E08000025,330,Birmingham,10.1\n"
    )
    guidance = (
        "Filename: appeals.csv\n\nVariable name  |  Variable description\n-------------  |  ------------\n"
        "appeals_x      |  Appeals per 100 decisions - %\n"
    )
    upload(app, ("appeals.csv", csv.encode(), "text/csv"))
    app.selectbox(key="la-appeals.csv").set_value("Birmingham").run()
    upload(app, ("data-guidance.txt", guidance.encode(), "text/plain"))
    assert "Data guidance: 1 variable described for 1 data file." in texts(app)
    go(app, "KPI explorer")
    # Without the guidance the KPI was "Appeals x", a count; with it, DfE's words and a percentage.
    assert "Appeals per 100 decisions (%)" in texts(app)
    assert "A percentage." in texts(app)


def test_values_that_disagree_are_listed_in_words_even_within_one_file(app):
    # Two January 2024 figures for one KPI in one file: a clash, listed as people write it.
    upload(app, ("clash.csv", b"KPI,Dec 23,Jan 24,Jan 2024\n% EHCPs issued within 20 weeks,55%,58%,59%\n", "text/csv"))
    assert any("in one file or in two" in warning.value for warning in app.warning)
    (index,) = [i for i, t in enumerate(app.table) if "Values that disagree" in t.value.columns]
    clashes = table_as_read(app, index)
    assert clashes[["Figure", "Period", "Values that disagree"]].values.tolist() == [
        ["Actual", "Jan 2024", "58% / 59%"]
    ]


def test_the_accounting_of_cells_reads_as_a_sentence(app):
    # Header of 3 cells and a row of 3: the name and 3 headings are labels, n/a a marker, 7143 a value.
    upload(app, ("one.csv", b"KPI,Dec 24,Jan 25\nNo. of EHCPs,n/a,7143\n", "text/csv"))
    assert any(
        c.value == "Every non-empty cell is accounted for. Of 6 cells, we read 1 as a value, 1 as a marker and 4 as "
        "labels or headings."
        for c in app.caption
    )
