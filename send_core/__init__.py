"""send_core: the domain logic of the SEND improvement reporting app (no Streamlit here,
except in ``send_core.ui``)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(namespace: dict, exports: Mapping[str, str]) -> tuple[Callable[[str], object], Callable[[], list]]:
    """A package's ``__getattr__`` and ``__dir__`` for names it re-exports from its modules
    (``exports``: name to the module holding it, relative to the package), each module
    imported when one of its names is first asked for, then kept in ``namespace``.

    Why not plain imports in ``__init__``: a package that imports its own modules while it
    starts can deadlock with another thread that imports one of those modules directly (each
    holds one module's lock and waits for the other's). Python then hands one of them a
    half-made module ("cannot import name ... from partially initialized module"), which is
    what several visitors opening the app at once on a just-started server got.
    """

    def __getattr__(name: str) -> object:
        try:
            module = exports[name]
        except KeyError:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module, namespace["__name__"]), name)
        namespace[name] = value
        return value

    def __dir__() -> list:
        return sorted({*namespace, *exports})

    return __getattr__, __dir__


# What the package offers, and the module each name is in (imported on first use: see
# send_core.lazy_exports).
_EXPORTS = {
    "ColumnMapping": ".reading",
    "ConfigError": ".errors",
    "LAYOUTS": ".reading",
    "Plan": ".plan",
    "PlanError": ".errors",
    "ScorecardError": ".errors",
    "ScorecardRead": ".reading",
    "SendCoreError": ".errors",
    "load_plan": ".plan",
    "read_scorecard": ".reading",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
