"""Localities: where a KPI is better or worse, on maps and in tables."""

import streamlit as st

from send_core.axes import commonest_frequency
from send_core.breakdown_charts import (
    breakdown_groups,
    breakdown_ranking,
    breakdown_series,
    breakdown_small_multiples,
    ranking_sentence,
    series_table,
)
from send_core.charts import locality_bar_chart, locality_sentence, locality_table
from send_core.errors import SendCoreError
from send_core.maps import (
    AUTHORITY_CODE_KEYS,
    AUTHORITY_NAME_KEYS,
    BOUNDARY_ATTRIBUTION,
    MAP_HEIGHT,
    OGL_ATTRIBUTION,
    WARD_CODE_KEYS,
    WARD_NAME_KEYS,
    authority_values,
    england_deck,
    load_boundaries,
    locality_choropleth_deck,
    locality_points_deck,
    locality_values,
    map_description,
    period_name,
    phase_note,
    ranked_table,
)
from send_core.model import ALL, good_directions
from send_core.reports.contents import chart_caption
from send_core.summary import locality_ratings
from send_core.ui.page import start_page
from send_core.ui.state import locality_config
from send_core.ui.text import escape_markdown
from send_core.ui.views import kpi_history, shared_view
from send_core.ui.widgets import chart_table_download, text_table

page = start_page(
    "Localities",
    "How the figures differ between parts of the area (localities), on a map and in a table.",
)
dataset, filters, settings = page.dataset, page.filters, page.settings


@st.cache_resource(show_spinner="Loading boundaries…")
def boundaries(path: str, kind: str):
    if kind == "wards":
        return load_boundaries(path, WARD_CODE_KEYS, WARD_NAME_KEYS)
    return load_boundaries(path, AUTHORITY_CODE_KEYS, AUTHORITY_NAME_KEYS)


def legend_table(frame) -> None:
    st.caption("Key: darker blue is a higher figure.")
    text_table(frame)


def show_map(result, height: int, caption: str, unmatched_heading: str, description: str) -> bool:
    """A map (described for screen readers) with its colour key and attribution, then what
    did not match. True if drawn."""
    if result.deck is not None:
        st.pydeck_chart(result.deck, height=height, alt=description)
        legend_table(result.legend)
        st.caption(caption)
    if result.unmatched:
        st.warning(unmatched_heading)
        st.text("\n".join(result.unmatched))
    for note in result.notes:
        st.caption(escape_markdown(note))
    return result.deck is not None


config = locality_config()
names = dict(zip(dataset.catalogue["kpi_id"], dataset.catalogue["kpi_name"], strict=True))
directions = good_directions(dataset.catalogue)
units = dict(zip(dataset.catalogue["kpi_id"], dataset.catalogue["unit"], strict=True))

st.header("Our localities")
# The map compares localities, so it keeps every locality whatever the locality filter says.
view = shared_view(dataset.key, filters, True, dataset)
with_localities = sorted(set(view.loc[view["locality"] != ALL, "kpi_id"]))
if not with_localities:
    st.info(
        "None of the loaded KPIs is broken down by locality. Add a locality column to your data "
        "(see the template on the Downloads page)."
    )
else:
    kpi_id = st.selectbox("KPI", with_localities, format_func=lambda k: names.get(k, k), key="locality_kpi")
    values = locality_values(view, kpi_id, phase=filters.phase)
    if values.empty:
        st.info(
            "This KPI has no locality figures in the months chosen"
            + (f", for {filters.phase} or for every phase together." if filters.phase != ALL else ".")
        )
    else:
        period = values["period"].iloc[0]
        when = f"{period:%B %Y}"
        chosen_locality = filters.locality if filters.locality != ALL else None
        shown_phase = values["phase"].iloc[0]
        st.text(", ".join([names.get(kpi_id, kpi_id), *([shown_phase] if shown_phase != ALL else []), when]))
        if note := phase_note(filters.phase, shown_phase):
            st.caption(escape_markdown(note))
        if config.illustrative:
            st.warning(
                "The grouping of wards into localities on this map is illustrative: no published source "
                "allocates wards to the SEND locality teams."
            )
        ratings = locality_ratings(
            values,
            dataset.observations,
            kpi_id,
            directions.get(kpi_id, "none"),
            units.get(kpi_id, "other"),
            dataset.rating_policy,
        )
        values = values.assign(rating=values["locality"].map(ratings))
        drawn = False
        if settings.ward_boundaries:
            try:
                wards = boundaries(str(settings.path(settings.ward_boundaries)), "wards")
                result = locality_choropleth_deck(
                    values,
                    config,
                    wards,
                    label=names.get(kpi_id, kpi_id),
                    rag=ratings,
                    base_map=settings.base_map,
                    unit=units.get(kpi_id, "other"),
                    chosen=filters.locality,
                )
                outlined = (
                    f"Outlined in black, its name on yellow: {escape_markdown(filters.locality)}. "
                    if filters.locality != ALL
                    else ""
                )
                drawn = show_map(
                    result,
                    MAP_HEIGHT,
                    outlined + BOUNDARY_ATTRIBUTION,
                    "Some of the locality configuration did not match the boundary file:",
                    map_description("the localities", names.get(kpi_id, kpi_id), when, chosen_locality),
                )
            except SendCoreError as error:
                st.error("The ward boundary file could not be used, so localities are drawn as circles instead.")
                st.text(str(error))
        if not drawn:
            deck, missing = locality_points_deck(
                values, config, label=names.get(kpi_id, kpi_id), base_map=settings.base_map
            )
            if deck is not None:
                description = map_description(
                    "the localities", names.get(kpi_id, kpi_id), when, chosen_locality, drawn="a circle sized by"
                )
                st.pydeck_chart(deck, height=420, alt=description)
                st.caption(
                    "Circle area is proportional to the value; each is named with its figure. The app's "
                    "administrator can add a ward boundaries file to draw each locality's wards instead."
                )
            if missing:
                st.warning(
                    "These localities in the data have no centre in the locality configuration, so they are not on the map:"
                )
                st.text(", ".join(missing))
        frequency = commonest_frequency(view.loc[view["kpi_id"] == kpi_id, "frequency"])
        chart = locality_bar_chart(
            values, f"{names.get(kpi_id, kpi_id)} by locality", filters.locality, units.get(kpi_id, "other")
        )
        summary = locality_sentence(values, period, filters.locality, frequency)
        chart_table_download(
            chart,
            locality_table(values, filters.locality, frequency),
            summary,
            f"localities-{kpi_id}",
            key="localities",
            title=f"{names.get(kpi_id, kpi_id)} by locality",
            caption=lambda: chart_caption(dataset, view, [kpi_id]),
        )

        st.subheader("Over time, against the whole area and the target")
        history = kpi_history(dataset.key, kpi_id, filters, dataset)
        by = {"Localities": "locality", "Phases and pods": "phase"}
        offered = [label for label, column in by.items() if breakdown_groups(history, kpi_id, column)]
        label = st.radio("Compare", offered, horizontal=True, key="breakdown_by") if len(offered) > 1 else offered[0]
        column = by[label]
        chosen = filters.locality if column == "locality" else filters.phase
        series = breakdown_series(history, kpi_id, column, chosen)
        ranking = breakdown_ranking(
            history, kpi_id, column, directions.get(kpi_id, "none"), units.get(kpi_id, "other"), frequency, chosen
        )
        chart_table_download(
            breakdown_small_multiples(series, f"{names.get(kpi_id, kpi_id)}: {label.lower()} over time", frequency),
            series_table(series, frequency),
            ranking_sentence(ranking, label.lower()),
            f"{column}-over-time-{kpi_id}",
            key="breakdown_over_time",
            title=f"{names.get(kpi_id, kpi_id)}: {label.lower()} over time",
            caption=lambda: chart_caption(dataset, view, [kpi_id]),
        )
        st.markdown("**Ranked against the target**")
        text_table(ranking)

authorities = dataset.local_authorities
if (authorities is None or authorities.empty) and page.settings.read_only:
    st.stop()  # the public instance has nothing more to show, and no uploads to suggest
st.header("England")
if authorities is None or authorities.empty:
    st.info(
        "Upload a DfE open-data file (for example the EHC plans release's timeliness or caseload CSV) on the "
        "Upload data page to compare every local authority in England."
    )
else:
    indicators = sorted(authorities["kpi_id"].unique())
    # One row per indicator, not a million pairs: a release's table holds every authority's rows.
    names_by_indicator = dict(authorities[["kpi_id", "kpi_name"]].drop_duplicates("kpi_id").itertuples(index=False))
    indicator = st.selectbox(
        "Indicator", indicators, format_func=lambda k: names_by_indicator.get(k, k), key="england_kpi"
    )
    periods = sorted(authorities.loc[authorities["kpi_id"] == indicator, "time_period"].unique())
    chosen_period = st.selectbox("Year", periods, index=len(periods) - 1, format_func=period_name, key="england_period")
    values = authority_values(authorities, indicator, chosen_period)
    # "Us": the authority chosen when the DfE file was uploaded, else the one the configuration names.
    us = dataset.our_authority or config.local_authority or None
    if settings.authority_boundaries:
        try:
            areas = boundaries(str(settings.path(settings.authority_boundaries)), "authorities")
            result = england_deck(
                values, areas, us=us, label=names_by_indicator.get(indicator, indicator), base_map=settings.base_map
            )
            show_map(
                result,
                560,
                f"Outlined in red: {escape_markdown(us or 'none chosen')}. {OGL_ATTRIBUTION} {BOUNDARY_ATTRIBUTION}",
                "These authorities have no boundary in the file:",
                map_description(
                    "England's local authorities",
                    names_by_indicator.get(indicator, indicator),
                    period_name(chosen_period),
                    us,
                ),
            )
        except SendCoreError as error:
            st.error("The authority boundary file could not be used; the table below still ranks every authority.")
            st.text(str(error))
    else:
        st.caption(
            "A map of every English authority is drawn here once the app's administrator adds the authority "
            "boundaries file."
        )
    st.dataframe(
        ranked_table(values, authorities, dataset.observations, indicator, us=us),
        hide_index=True,
        width="stretch",
        placeholder="",
    )
    st.caption(OGL_ATTRIBUTION)
