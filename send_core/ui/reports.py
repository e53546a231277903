"""The Downloads page's files and every chart's image buttons: built by
:mod:`send_core.reports`, kept so a rerun or a second click costs nothing."""

from __future__ import annotations

import altair as alt
import streamlit as st

from ..dataset import Dataset
from ..filters import Filters
from ..reports import ReportContents, report_contents
from ..reports.contents import ChartCaption
from ..reports.images import IMAGE_FORMATS, chart_image, titled_chart
from ..reports.output import report_bytes
from .state import UPLOAD_CACHE_SECONDS, get_settings, pods

REPORT_CACHE_ENTRIES = 16  # built files (board packs, reports) kept, shared by every session


@st.cache_resource(
    show_spinner="Working out the pack's contents…", max_entries=REPORT_CACHE_ENTRIES, ttl=UPLOAD_CACHE_SECONDS
)
def report_for_view(dataset_key: str, filters: Filters, _dataset: Dataset) -> ReportContents:
    """The pack's contents for one dataset and filters, worked out once and shared read-only."""
    settings = get_settings()
    return report_contents(_dataset, filters, pods=pods(), rules=settings.spc_rules())


@st.cache_resource(show_spinner=False, max_entries=REPORT_CACHE_ENTRIES, ttl=UPLOAD_CACHE_SECONDS)
def report_file(dataset_key: str, filters: Filters, suffix: str, _contents: ReportContents) -> bytes:
    """The file for ``suffix`` (``.xlsx``, ``.html``, ``.pdf``, ``.csv``), built once."""
    return report_bytes(_contents, suffix)


def chart_image_buttons(
    chart: alt.TopLevelMixin, *, title: str, caption: ChartCaption, file_stem: str, key: str
) -> None:
    """PNG and SVG buttons for a chart, the image titled and captioned with the authority,
    the month its data runs to and its source. Drawn only when a button is pressed."""
    titled = titled_chart(chart, title=title, authority=caption.authority, as_at=caption.as_at, source=caption.source)
    for image_format in IMAGE_FORMATS:
        st.download_button(
            f"Download the chart ({image_format.upper()} image)",
            data=lambda image_format=image_format: chart_image(titled, image_format),
            file_name=f"{file_stem}.{image_format}",
            mime=IMAGE_FORMATS[image_format],
            key=f"download-{key}-{image_format}",
        )
