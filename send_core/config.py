"""Settings from ``config/settings.yaml``: loaded once, checked, then read-only."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import ConfigError
from .yaml_loader import LineMap, YamlProblems, load_yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETTINGS_PATH = PROJECT_ROOT / "config" / "settings.yaml"
SETTINGS_ENVIRONMENT_VARIABLE = "SEND_APP_SETTINGS"


@dataclass(frozen=True)
class Settings:
    """Every setting the app reads; the README's "Settings" table documents each one."""

    read_only: bool = False
    amber_tolerance_points: float = 5.0
    amber_tolerance_share: float = 0.10
    spc_trend_length: int = 7
    suppression_threshold: int = 5
    sample_scorecards: tuple[str, ...] = ()
    sample_plan: str = ""
    localities_file: str = "config/localities.yaml"
    ward_boundaries: str = ""
    authority_boundaries: str = ""
    base_map: str = ""
    root: Path = field(default=PROJECT_ROOT, compare=False)

    def path(self, relative: str) -> Path:
        """A configured path, relative to the project folder unless absolute."""
        candidate = Path(relative)
        return candidate if candidate.is_absolute() else self.root / candidate


SETTING_NAMES = tuple(f.name for f in fields(Settings) if f.name != "root")


def load_settings(path: str | os.PathLike | None = None) -> Settings:
    """Read settings from ``path``, ``$SEND_APP_SETTINGS`` or ``config/settings.yaml``.

    Unknown keys and wrong types raise :class:`ConfigError` naming the key and what was expected.
    """
    chosen = Path(path or os.environ.get(SETTINGS_ENVIRONMENT_VARIABLE) or DEFAULT_SETTINGS_PATH)
    try:
        raw = load_yaml(chosen.read_text(encoding="utf-8"), noun="settings file")
    except FileNotFoundError:
        raise ConfigError(
            f"The settings file {chosen} does not exist. Copy config/settings.yaml from the project."
        ) from None
    except YamlProblems as error:
        raise ConfigError(f"{chosen} is not valid YAML: " + "; ".join(error.problems)) from None
    raw = LineMap(line=1) if raw is None else raw
    if not isinstance(raw, LineMap):
        raise ConfigError(f"{chosen} should be a list of 'key: value' settings.")
    problems = []
    values: dict[str, object] = {}
    defaults = Settings()
    for key, value in raw.items():
        if key not in SETTING_NAMES:
            close = difflib.get_close_matches(str(key), SETTING_NAMES, n=1)
            problems.append(
                f"line {raw.line_of(key)}: unknown setting '{key}'"
                + (f" (did you mean '{close[0]}'?)" if close else "")
            )
            continue
        expected = type(getattr(defaults, key))
        if expected is tuple:
            if not isinstance(value, list):
                problems.append(f"line {raw.line_of(key)}: '{key}' should be a list")
                continue
            value = tuple(str(v) for v in value)
        elif expected is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = float(value)
        elif expected is str and value is None:
            value = ""
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            problems.append(f"line {raw.line_of(key)}: '{key}' should be {expected.__name__}, not {value!r}")
            continue
        values[key] = value
    trend = values.get("spc_trend_length", defaults.spc_trend_length)
    if trend not in (6, 7):
        problems.append(f"line {raw.line_of('spc_trend_length')}: 'spc_trend_length' should be 6 or 7, not {trend}")
    if problems:
        raise ConfigError(f"{chosen}: " + "; ".join(problems) + ".")
    return Settings(root=chosen.resolve().parent.parent if chosen.parent.name == "config" else PROJECT_ROOT, **values)
