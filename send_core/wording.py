"""Plain-English wording shared by the readers, charts and pages."""

from __future__ import annotations


def how_many(count: int, one: str, many: str | None = None) -> str:
    """``1 KPI``, ``2 KPIs``, ``1,234 values and markers``: a count with its noun, singular
    for exactly one. ``many`` is the plural when adding "s" would be wrong."""
    return f"{count:,} {one if count == 1 else many or one + 's'}"
