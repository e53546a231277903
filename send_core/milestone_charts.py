"""The plan's milestones as charts: each KPI's targets as steps and its actuals as points
rated in words, side by side; each objective's milestones counted by whether they were met;
and the actions' milestones on a timeline, their state by shape and colour.
Calculation (a tidy frame) and drawing are separate steps, as for the other charts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import chart_values  # noqa: F401  (makes Altair write chart data faster: see the module)
from .colours import LEGEND_LABEL_LIMIT, RATING_FILLS, TARGET_COLOUR
from .rag import AMBER, GREEN, RED
from .reading.values import parse_value
from .wording import (
    MILESTONE_MET_TEXT,
    MILESTONE_OUTCOMES,
    NO_TARGET_THEN,
    how_many,
    milestone_outcome,
    outcomes_text,
)

# Whether a milestone was met, in the order the objective view stacks them.
PROGRESS_ORDER = MILESTONE_OUTCOMES
_SHAPES = {GREEN: "circle", AMBER: "triangle-up", RED: "cross"}


def _number(text: object) -> float:
    if not isinstance(text, str) or not text.strip():
        return float("nan")
    parsed = parse_value(text)
    return parsed.value if parsed.kind in ("number", "bound") else float("nan")


def milestone_points(table: pd.DataFrame) -> pd.DataFrame:
    """From ``plan.kpi_milestone_table`` rows: one row per KPI, milestone and series
    (``Target`` or ``Actual``) with a number, in tidy form: ``kpi_name, period, milestone,
    series, value, text, met``. A target or actual that is not a single number (a range, a
    note, 'c') has no point. Returns a new frame."""
    rows = []
    for record in table.to_dict("records"):
        for series, column in (("Target", "target"), ("Actual", "actual")):
            value = _number(record[column])
            if value == value:
                rows.append(
                    {
                        "kpi_name": record["kpi_name"],
                        "period": record["period"],
                        "milestone": record["milestone"],
                        "series": series,
                        "value": value,
                        "text": record[column],
                        "met": (record["met"] or NO_TARGET_THEN) if series == "Actual" else "",
                        "rag": record["rag"] if series == "Actual" else "",
                    }
                )
    columns = ["kpi_name", "period", "milestone", "series", "value", "text", "met", "rag"]
    return pd.DataFrame(rows, columns=columns)


# A panel's title over as many lines of up to 38 characters as it needs, broken between words
# (Vega draws an array as lines): cut to one line, most measures' names ended in "…".
WRAPPED_LABEL = "split(slice(replace(datum.value, /(.{1,38})(\\s+|$)/g, '$1|'), 0, -1), '|')"


def milestone_chart(points: pd.DataFrame, columns: int = 3) -> alt.Chart:
    """Small multiples, one per KPI (each its own scale; one data source, which each layer
    filters, as a faceted layer needs): targets as a dashed step line,
    actuals as points whose shape and colour say whether the milestone was met, and the words
    in the legend and tooltip, so colour is never the only signal."""
    tooltip = [
        alt.Tooltip("kpi_name:N", title="Measure"),
        alt.Tooltip("milestone:N", title="Date"),
        alt.Tooltip("series:N", title="Figure"),
        alt.Tooltip("text:N", title="As written"),
        alt.Tooltip("met:N", title="Met?"),
    ]
    x = alt.X("period:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=4))
    step = (
        alt.Chart()
        .transform_filter(alt.datum.series == "Target")
        # The marks are hidden from screen readers (a panel with no actual yet left an unnamed
        # image): the chart's description, its sentence and its table say what they show.
        .mark_line(interpolate="step-after", strokeDash=[4, 3], color=TARGET_COLOUR, aria=False)
        .encode(x=x, y=alt.Y("value:Q", title=None), tooltip=tooltip)
    )
    # An actual with no target to compare is a hollow circle, named in the legend too.
    met_domain = [*(MILESTONE_MET_TEXT[r] for r in (GREEN, AMBER, RED)), NO_TARGET_THEN]
    dots = (
        alt.Chart()
        .transform_filter(alt.datum.series == "Actual")
        .mark_point(size=90, filled=True, stroke="#0b0c0c", strokeWidth=1, aria=False)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=None),
            # The legend goes above the panels: beside three of them it was cut off at the
            # right of a 1366-pixel screen ("Not met (clos"), and under 14 rows of them it was
            # 2,600 px below the first.
            color=alt.Color(
                "met:N",
                title="Milestone",
                scale=alt.Scale(
                    domain=met_domain, range=[*(RATING_FILLS[r][1] for r in (GREEN, AMBER, RED)), "#ffffff"]
                ),
                legend=alt.Legend(orient="top", labelLimit=LEGEND_LABEL_LIMIT),
            ),
            shape=alt.Shape(
                "met:N",
                title="Milestone",
                scale=alt.Scale(domain=met_domain, range=[*(_SHAPES[r] for r in (GREEN, AMBER, RED)), "circle"]),
                legend=alt.Legend(orient="top", labelLimit=LEGEND_LABEL_LIMIT),
            ),
            tooltip=tooltip,
        )
    )
    return (
        alt.layer(step, dots, data=points)
        .properties(width=220, height=130)
        .facet(
            facet=alt.Facet("kpi_name:N", title=None, header=alt.Header(labelExpr=WRAPPED_LABEL, labelLimit=260)),
            columns=columns,
        )
        .resolve_scale(y="independent")
        .properties(description="Each measure's milestone targets (dashed steps) against its actuals (points).")
    )


def objective_progress(table: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """Each objective's KPI milestones counted by whether they were met (``PROGRESS_ORDER``),
    with the objective's title: ``objective, title, met, status, count``, tidy. A milestone not
    rated is "No actual yet" or "No target to compare" (:func:`milestone_outcome`). Returns a
    new frame."""
    met = table["met"].fillna("").astype(str)
    status = pd.Series(
        [milestone_outcome(m, actual) for m, actual in zip(met, table["actual"], strict=True)],
        index=table.index,
        dtype=object,
    )
    counted = (
        table.assign(status=status).groupby(["objective", "status"], sort=False).size().rename("count").reset_index()
    )
    counted["title"] = counted["objective"].map(lambda o: titles.get(o, o))
    counted["order"] = counted["status"].map({s: i for i, s in enumerate(PROGRESS_ORDER)})
    return counted.sort_values(["objective", "order"]).drop(columns="order").reset_index(drop=True)


def objective_progress_chart(progress: pd.DataFrame) -> alt.Chart:
    """One stacked bar per objective: its milestones met, nearly met, not met and awaiting an
    actual, each part labelled in the legend and tooltip in words."""
    # An actual with nothing to rate it against: white, as its hollow circle in the small
    # multiples; awaiting an actual: pale grey. Each is named in the legend and tooltip.
    fills = [RATING_FILLS[GREEN][0], RATING_FILLS[AMBER][0], RATING_FILLS[RED][0], "#ffffff", "#f3f2f1"]
    return (
        alt.Chart(progress)
        .mark_bar(stroke="#0b0c0c", strokeWidth=0.5)
        .encode(
            x=alt.X("count:Q", title="Milestones", stack="zero"),
            y=alt.Y("title:N", title=None, axis=alt.Axis(labelLimit=320)),
            # Swatches as large as the legend's words, thinly outlined: Streamlit's theme drew
            # small ones with thick borders, which looked alike (near black) however filled.
            color=alt.Color(
                "status:N",
                title="Milestone",
                scale=alt.Scale(domain=list(PROGRESS_ORDER), range=fills),
                legend=alt.Legend(
                    symbolType="square", symbolSize=180, symbolStrokeWidth=0.5, labelLimit=LEGEND_LABEL_LIMIT
                ),
            ),
            order=alt.Order("status_order:Q"),
            tooltip=[
                alt.Tooltip("title:N", title="Objective"),
                alt.Tooltip("status:N", title="Milestone"),
                alt.Tooltip("count:Q", title="How many"),
            ],
        )
        .transform_calculate(status_order=f"indexof({list(PROGRESS_ORDER)!r}, datum.status)")
        .properties(width="container", description="Each objective's milestones by whether they were met.")
    )


def progress_sentence(progress: pd.DataFrame) -> str:
    """``12 KPI milestones: 5 met, 2 not met (close), 3 not met, 2 with no actual yet.``"""
    totals = {status: int(count) for status, count in progress.groupby("status")["count"].sum().items()}
    total = sum(totals.values())
    return f"{how_many(total, 'KPI milestone')}: {outcomes_text(totals)}." if total else "No KPI milestones."


TIMELINE_STATES = {"Done": "#00703c", "Overdue": "#d4351c", "Not yet due": "#1d70b8", "Ongoing": "#505a5f"}
TIMELINE_LABEL_PIXELS = 300  # an action's label on the timeline, cut with an ellipsis past this
TIMELINE_SHAPES = {"Done": "circle", "Overdue": "cross", "Not yet due": "triangle-up", "Ongoing": "square"}


def milestone_timeline(milestones: pd.DataFrame, as_at: object) -> alt.LayerChart:
    """Action milestones on a timeline, one row per action, with an "as at" rule.

    State is shown by shape as well as colour (done circle, overdue cross, not yet due
    triangle, ongoing square). Undated milestones are left off the chart (they are in the table).
    """
    dated = milestones.dropna(subset=["due"])
    states = list(TIMELINE_STATES)
    points = (
        alt.Chart(dated)
        .mark_point(size=90, filled=True, opacity=0.9)
        .encode(
            x=alt.X("due:T", title="Due", axis=alt.Axis(format="%b %Y")),
            # Each action by its id and title, cut to fit (the tooltip has it whole): codes
            # alone ("AGBR10") mean nothing to anyone without the plan open beside them.
            # No axis title: beside labels cut to fit, Vega drew "Action" over them, and each
            # label names its action anyway.
            y=alt.Y(
                "action:N",
                title=None,
                sort=list(dict.fromkeys(dated["action"])),
                axis=alt.Axis(labelLimit=TIMELINE_LABEL_PIXELS),
            ),
            color=alt.Color(
                "state:N", title="State", scale=alt.Scale(domain=states, range=[TIMELINE_STATES[s] for s in states])
            ),
            shape=alt.Shape(
                "state:N", title="State", scale=alt.Scale(domain=states, range=[TIMELINE_SHAPES[s] for s in states])
            ),
            tooltip=[
                alt.Tooltip("action:N", title="Action"),
                alt.Tooltip("milestone:N", title="Milestone"),
                alt.Tooltip("due_text:N", title="Due"),
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("days_overdue:Q", title="Days overdue"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"as_at": [pd.Timestamp(as_at)], "label": [f"As at {pd.Timestamp(as_at):%d %b %Y}"]}))
    layers = [
        points,
        rule.mark_rule(color="#0b0c0c", strokeDash=[4, 2]).encode(x=alt.X("as_at:T")),
        rule.mark_text(align="left", dx=4, dy=-4, fontSize=11, color="#0b0c0c").encode(
            x=alt.X("as_at:T"), y=alt.value(0), text=alt.Text("label:N")
        ),
    ]
    rows = max(1, dated["action"].nunique())
    return alt.layer(*layers).properties(
        title=alt.TitleParams("Action milestones by due date", anchor="start"),
        height=min(900, 22 * rows + 60),
        width="container",
        description="Each action's milestones by due date; the dashed line marks the as-at date.",
    )
