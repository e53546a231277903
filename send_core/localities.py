"""Locality configuration (``config/localities.yaml``): names, ward codes, centre points, pods."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .model import PHASES
from .yaml_loader import LineMap, YamlProblems, load_yaml


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
    try:
        raw = load_yaml(file.read_text(encoding="utf-8"), noun="locality file")
    except YamlProblems as error:
        raise ConfigError(f"{file.name} is not valid YAML: " + "; ".join(error.problems)) from None
    raw = LineMap(line=1) if raw is None else raw
    if not isinstance(raw, LineMap):
        raise ConfigError(f"{file.name} should hold 'localities:' and 'pods:' keys, not {type(raw).__name__}.")
    problems = []
    localities = []
    for index, entry in enumerate(raw.get("localities") or [], start=1):
        if not isinstance(entry, dict) or not entry.get("name"):
            problems.append(f"line {getattr(entry, 'line', raw.line_of('localities'))}: locality {index} needs a name")
            continue
        centre = entry.get("centre")
        if centre is not None:
            ok = isinstance(centre, list) and len(centre) == 2 and all(isinstance(v, (int, float)) for v in centre)
            if not ok or not (-180 <= centre[0] <= 180 and -90 <= centre[1] <= 90):
                problems.append(
                    f"line {entry.line_of('centre')}: locality '{entry['name']}': centre should be "
                    f"[longitude, latitude], not {list(centre) if isinstance(centre, list) else centre!r}"
                )
                centre = None
        wards = tuple(str(w) for w in entry.get("wards") or [])
        bad = [w for w in wards if not (w.startswith("E05") and len(w) == 9)]
        if bad:
            problems.append(
                f"line {entry.line_of('wards')}: locality '{entry['name']}': ward codes should look like "
                f"E05011118, not {', '.join(bad[:5])}"
            )
        localities.append(Locality(str(entry["name"]), tuple(centre) if centre else None, wards))
    pods = []
    for index, entry in enumerate(raw.get("pods") or [], start=1):
        phases = tuple(entry.get("phases") or []) if isinstance(entry, dict) else ()
        unknown = [p for p in phases if p not in PHASES]
        if unknown:
            problems.append(
                f"line {entry.line_of('phases')}: pod {index}: unknown phases {', '.join(map(str, unknown))} "
                f"(use {', '.join(PHASES)})"
            )
        if isinstance(entry, dict) and entry.get("name"):
            pods.append((str(entry["name"]), phases))
    if problems:
        raise ConfigError(f"{file.name}: " + "; ".join(problems) + ".")
    return LocalityConfig(
        tuple(localities), tuple(pods), bool(raw.get("illustrative", False)), str(raw.get("local_authority") or "")
    )
