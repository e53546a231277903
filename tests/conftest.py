"""Shared test helpers: paths, and the optional real data beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
SHARED_DATA = ROOT.parent / "shared" / "data"

requires_shared_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(),
    reason="../shared/data (real DfE and ONS files) is not beside this clone; these tests need it",
)


@pytest.fixture(autouse=True)
def own_snapshot_store(tmp_path_factory, monkeypatch):
    """Every test gets an empty snapshot store of its own: nothing a test publishes lands in the
    project's data/store, and no test sees another's versions."""
    monkeypatch.setenv("SEND_APP_STORE", str(tmp_path_factory.mktemp("store")))


def monthly_actuals(values, *, start: str, **columns):
    """An observations frame of one KPI's monthly actuals, ``values`` from the month ``start``,
    with ``columns`` (kpi_id, kpi_name, unit ...) on every row."""
    import pandas as pd

    from send_core.model import observations_frame

    months = pd.date_range(start, periods=len(values), freq="MS")
    return observations_frame(
        [{"measure": "actual", "period": m, "value": v, **columns} for m, v in zip(months, values, strict=True)]
    )
