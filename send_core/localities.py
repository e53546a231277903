"""Locality configuration (``config/localities.yaml``): names, ward codes, centre points, pods."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .config import read_config_mapping
from .errors import ConfigError
from .model import PHASES
from .yaml_loader import LineList, LineMap


@dataclass(frozen=True)
class Locality:
    name: str
    centre: tuple[float, float] | None  # (longitude, latitude)
    wards: tuple[str, ...]


@dataclass(frozen=True)
class LocalityConfig:
    localities: tuple[Locality, ...]
    pods: tuple[tuple[str, tuple[str, ...]], ...]
    illustrative: bool
    local_authority: str = ""

    def pod_phases(self, pod: str) -> tuple[str, ...]:
        return next((phases for name, phases in self.pods if name == pod), ())


def load_localities(path: str | os.PathLike) -> LocalityConfig:
    """Read and check the locality file. Problems raise :class:`ConfigError` listing each one."""
    file = Path(path)
    if not file.exists():
        return LocalityConfig((), (), illustrative=False)
    raw = read_config_mapping(file, noun="locality file", shape="hold 'localities:' and 'pods:' keys")
    problems = []
    for key in raw:
        if key not in LOCALITY_KEYS:
            problems.append(f"line {raw.line_of(key)}: unknown key '{key}' (the keys are {', '.join(LOCALITY_KEYS)})")
    localities = []
    entries = _entries(raw, "localities", problems)
    for index, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, LineMap) else None
        if not isinstance(name, str) or not name.strip():
            problems.append(f"line {entries.line_of(index - 1)}: locality {index} needs a name")
            continue
        centre = entry.get("centre")
        if centre is not None:
            ok = (
                isinstance(centre, list)
                and len(centre) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in centre)
            )
            if not ok or not (-180 <= centre[0] <= 180 and -90 <= centre[1] <= 90):
                problems.append(
                    f"line {entry.line_of('centre')}: locality '{name}': centre should be "
                    f"[longitude, latitude], not {list(centre) if isinstance(centre, list) else centre!r}"
                )
                centre = None
        wards_written = entry.get("wards") or []
        if not isinstance(wards_written, list):
            problems.append(f"line {entry.line_of('wards')}: locality '{name}': wards should be a list of ward codes")
            wards_written = []
        wards = tuple(str(w) for w in wards_written)
        bad = [w for w in wards if not (w.startswith("E05") and len(w) == 9)]
        if bad:
            problems.append(
                f"line {entry.line_of('wards')}: locality '{name}': ward codes should look like "
                f"E05011118, not {', '.join(bad[:5])}"
            )
        localities.append(Locality(name.strip(), tuple(centre) if centre else None, wards))
    pods = []
    entries = _entries(raw, "pods", problems)
    for index, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, LineMap) else None
        phases = entry.get("phases") if isinstance(entry, LineMap) else None
        line = entries.line_of(index - 1)
        if not isinstance(name, str) or not name.strip():
            problems.append(f"line {line}: pod {index} needs a name")
            continue
        if not isinstance(phases, list):
            problems.append(f"line {line}: pod '{name}' needs a list of phases (from {', '.join(PHASES)})")
            continue
        unknown = [p for p in phases if p not in PHASES]
        if unknown:
            problems.append(
                f"line {entry.line_of('phases')}: pod {index}: unknown phases {', '.join(map(str, unknown))} "
                f"(use {', '.join(PHASES)})"
            )
        pods.append((name.strip(), tuple(str(p) for p in phases)))
    if problems:
        raise ConfigError(f"{file}: " + "; ".join(problems) + ".")
    return LocalityConfig(
        tuple(localities), tuple(pods), raw.get("illustrative") is True, str(raw.get("local_authority") or "")
    )


LOCALITY_KEYS = ("illustrative", "local_authority", "localities", "pods")


def _entries(raw: LineMap, key: str, problems: list[str]) -> LineList:
    """The list under ``key`` (empty when absent); anything else is a problem."""
    value = raw.get(key)
    if isinstance(value, LineList):
        return value
    if value is not None:
        problems.append(f"line {raw.line_of(key)}: '{key}' should be a list")
    return LineList((), raw.line_of(key))
