"""The Downloads page's files and every chart's image buttons: built by
:mod:`send_core.reports`, kept so a rerun or a second click costs nothing."""

from __future__ import annotations

import threading

import altair as alt
import pandas as pd
import streamlit as st

from .. import chart_values  # noqa: F401  (makes Altair write chart data faster: see the module)
from ..dataset import Dataset
from ..downloads import blank_template, to_csv_bytes, to_excel_bytes
from ..errors import ReportError
from ..filters import Filters
from ..reports import ReportContents, report_contents
from ..reports.contents import ChartCaption
from ..reports.images import IMAGE_FORMATS, chart_image, titled_chart
from ..reports.output import report_bytes
from ..reports.pdf import report_pdf
from ..wording import file_size_text
from .state import UPLOAD_CACHE_SECONDS, get_settings, pods
from .views import kpi_status

REPORT_CACHE_ENTRIES = 16  # built files (board packs, reports) kept, shared by every session


@st.cache_resource(
    show_spinner="Working out the pack's contents…", max_entries=REPORT_CACHE_ENTRIES, ttl=UPLOAD_CACHE_SECONDS
)
def report_for_view(dataset_key: str, filters: Filters, _dataset: Dataset) -> ReportContents:
    """The pack's contents for one dataset and filters, worked out once and shared read-only."""
    settings = get_settings()
    # Summary, SPC and exceptions as the other pages have them cached: not worked out again.
    status = kpi_status(dataset_key, filters, _dataset)
    return report_contents(
        _dataset,
        filters,
        pods=pods(),
        rules=settings.spc_rules(),
        status=status,
        default_authority=settings.local_authority,
    )


@st.cache_resource(show_spinner=False, max_entries=REPORT_CACHE_ENTRIES, ttl=UPLOAD_CACHE_SECONDS)
def report_file(dataset_key: str, filters: Filters, suffix: str, _contents: ReportContents) -> bytes:
    """The file for ``suffix`` (``.xlsx``, ``.html``, ``.pdf``, ``.csv``), built once. The PDF
    is printed from the cached HTML report, not from a second drawing of every chart."""
    if suffix == ".pdf":
        return report_pdf(report_file(dataset_key, filters, ".html", _contents).decode("utf-8"))
    return report_bytes(_contents, suffix)


@st.cache_resource(show_spinner=False, max_entries=REPORT_CACHE_ENTRIES, ttl=UPLOAD_CACHE_SECONDS)
def data_file(dataset_key: str, filters: Filters, _contents: ReportContents) -> bytes:
    """Every value the view shows, as CSV, built once (a DfE release's is megabytes)."""
    return to_csv_bytes(_contents.data)


@st.cache_resource(show_spinner=False)
def blank_template_files() -> tuple[bytes, bytes]:
    """The blank template as Excel and as CSV: the same for everyone, built once."""
    template = blank_template()
    return to_excel_bytes({"Template": template}), to_csv_bytes(template)


IMAGE_CACHE_ENTRIES = 64  # chart images kept, shared by every session


@st.cache_resource(show_spinner=False, max_entries=IMAGE_CACHE_ENTRIES, ttl=UPLOAD_CACHE_SECONDS)
def _image(key: str, image_format: str, _chart: alt.TopLevelMixin, _caption: ChartCaption, _title: str) -> bytes:
    titled = titled_chart(
        _chart, title=_title, authority=_caption.authority, as_at=_caption.as_at, source=_caption.source
    )
    return chart_image(titled, image_format)


@st.cache_resource(show_spinner=False)
def warm_chart_renderer() -> threading.Thread:
    """Start the chart renderer once per server, off the pages' path: its first drawing costs
    a second or two, which no page should wait for."""

    def draw_once() -> None:
        chart_image(alt.Chart(pd.DataFrame({"x": [0]})).mark_point().encode(x=alt.X("x:Q")), "svg")

    thread = threading.Thread(target=draw_once, name="send-chart-warm-up", daemon=True)
    thread.start()
    return thread


def chart_image_buttons(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    caption: ChartCaption,
    file_stem: str,
    key: str,
    spec: str | None = None,
) -> None:
    """PNG and SVG buttons for a chart, the image titled and captioned with the authority,
    the period its data runs to and its source; each label gives the format and the size.
    Each image is drawn once and kept, keyed on the chart's spec (``spec``, its JSON, when
    the caller has it already), title and caption: a page that is drawn again does not build
    the titled chart or its spec again."""
    spec = spec if spec is not None else chart.to_json(validate=False)
    image_key = "\n".join((spec, title, caption.authority, caption.as_at, caption.source))
    for image_format in IMAGE_FORMATS:
        try:
            data = _image(image_key, image_format, chart, caption, title)
        except ReportError as error:
            st.caption(str(error))
            continue
        st.download_button(
            f"Download the chart ({image_format.upper()} image, {file_size_text(len(data))})",
            data=data,
            file_name=f"{file_stem}.{image_format}",
            mime=IMAGE_FORMATS[image_format],
            key=f"download-{key}-{image_format}",
        )
