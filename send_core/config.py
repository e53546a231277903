"""Settings from ``config/settings.yaml``: loaded once, checked, then read-only."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import ConfigError
from .spc import CONFLICT_WINNERS, RULE_PRESETS, RUN_LENGTHS, SpcRules
from .yaml_loader import LineMap, YamlProblems, load_yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETTINGS_PATH = PROJECT_ROOT / "config" / "settings.yaml"
SETTINGS_ENVIRONMENT_VARIABLE = "SEND_APP_SETTINGS"
STORE_ENVIRONMENT_VARIABLE = "SEND_APP_STORE"
# SEND_APP_MODE=public makes any settings file the public instance's (read_only: true), so a
# deployment cannot open the officers' app to the public by pointing at the wrong file.
MODE_ENVIRONMENT_VARIABLE = "SEND_APP_MODE"
MODES = ("", "public")


@dataclass(frozen=True)
class Sample:
    """One built-in sample authority: its name (shown in the sidebar and on every page), a
    sentence saying what it is and which parts are illustrative, and its files (scorecards,
    and at most one plan, the file ending ``.yaml``), relative to the project folder."""

    name: str
    about: str
    files: tuple[str, ...]

    @property
    def plan_file(self) -> str:
        """The sample's plan file, or "" when it has none."""
        return next((f for f in self.files if f.lower().endswith((".yaml", ".yml"))), "")

    @property
    def scorecard_files(self) -> tuple[str, ...]:
        """The sample's scorecards and breakdowns: every file but the plan."""
        return tuple(f for f in self.files if f != self.plan_file)


@dataclass(frozen=True)
class Settings:
    """Every setting the app reads; the README's "Settings" table documents each one."""

    read_only: bool = False
    amber_tolerance_points: float = 5.0
    amber_tolerance_share: float = 0.10
    spc_preset: str = "making_data_count"
    spc_shift_length: int = 0  # 0: the preset's
    spc_trend_length: int = 0  # 0: the preset's
    spc_conflict: str = "improvement"
    spc_screen_moving_ranges: bool = False
    suppression_threshold: int = 5
    samples: tuple[Sample, ...] = ()  # the first is shown until a visitor chooses another
    localities_file: str = "config/localities.yaml"
    ward_boundaries: str = ""
    authority_boundaries: str = ""
    base_map: str = ""
    store: str = "data/store"  # a folder (relative to the project) or s3://bucket/prefix; SEND_APP_STORE wins
    viewers: tuple[str, ...] = ()  # emails or @domains that may sign in and read internal figures
    officers: tuple[str, ...] = ()  # ... and upload files (a draft)
    publishers: tuple[str, ...] = ()  # ... and publish and roll back
    accept_uploads_without_sign_in: bool = False  # serve uploads to other hosts with no sign-in
    local_authority: str = ""  # the council's name, when no file or plan gives it (packs' covers, file names)
    contact: str = ""  # who answers questions about the data and its accessibility (email or https address)
    last_reviewed: str = ""  # when the accessibility statement and "About this data" were last checked, YYYY-MM-DD

    def spc_rules(self) -> SpcRules:
        """The special-cause rules: the preset's, with any run length set here instead."""
        preset = RULE_PRESETS[self.spc_preset]
        return SpcRules(
            shift_length=self.spc_shift_length or preset.shift_length,
            trend_length=self.spc_trend_length or preset.trend_length,
            conflict=self.spc_conflict,
            screen_moving_ranges=self.spc_screen_moving_ranges,
        )

    def path(self, relative: str) -> Path:
        """A configured path: absolute as written, or relative to the project folder (the one
        holding app.py), wherever the settings file itself is."""
        candidate = Path(relative)
        return candidate if candidate.is_absolute() else PROJECT_ROOT / candidate

    def sample(self, name: str | None = None) -> Sample | None:
        """The sample called ``name``, the first when ``name`` is None or unknown, or None when
        no samples are configured."""
        return next(
            (sample for sample in self.samples if sample.name == name), self.samples[0] if self.samples else None
        )

    def store_address(self) -> str:
        """Where the snapshot store is: ``$SEND_APP_STORE`` when set, else the ``store`` setting."""
        return os.environ.get(STORE_ENVIRONMENT_VARIABLE) or self.store


SETTING_NAMES = tuple(f.name for f in fields(Settings))
APP_VERSION = "0.3.0"  # written in every published snapshot's manifest
# The values each number may take: (setting, test, what it should be, in words).
RANGES = (
    ("amber_tolerance_points", lambda v: 0 <= v <= 100, "between 0 and 100 percentage points"),
    ("amber_tolerance_share", lambda v: 0 <= v <= 1, "a share between 0 and 1 (0.10 is 10%)"),
    ("spc_preset", lambda v: v in RULE_PRESETS, " or ".join(RULE_PRESETS)),
    ("spc_shift_length", lambda v: v == 0 or v in RUN_LENGTHS, "6, 7 or 8 (or 0 for the preset's)"),
    ("spc_trend_length", lambda v: v == 0 or v in RUN_LENGTHS, "6, 7 or 8 (or 0 for the preset's)"),
    ("spc_conflict", lambda v: v in CONFLICT_WINNERS, " or ".join(CONFLICT_WINNERS)),
    # Below 1, nothing would ever be suppressed: a negative threshold silently switched it off.
    ("suppression_threshold", lambda v: 1 <= v <= 100, "a whole number from 1 to 100"),
    # No tile server unless the council hosts one: a third party would see every visitor.
    (
        "base_map",
        lambda v: v == "" or re.fullmatch(r"https://[^\s\"'<>]+", v) is not None,
        "empty or the https:// address of a map style your council hosts",
    ),
)


def read_config_mapping(path: Path, *, noun: str, shape: str) -> LineMap:
    """A config file's YAML as a line-aware mapping (empty for an empty file). Raises
    :class:`ConfigError` naming the file, for YAML this app does not accept or for a file that
    is not a mapping (``shape`` says what it should do: "hold 'pods:' keys")."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"), noun=noun)
    except YamlProblems as error:
        raise ConfigError(f"{path} is not valid YAML: " + "; ".join(error.problems)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} could not be read ({error}).") from None
    raw = LineMap(line=1) if raw is None else raw
    if not isinstance(raw, LineMap):
        found = "a list" if isinstance(raw, list) else "a single value"
        raise ConfigError(f"{path} should {shape}, not {found}.")
    return raw


def _samples(value: object, line: int, problems: list[str]) -> tuple[Sample, ...]:
    """The ``samples`` setting: a mapping of each sample's name to its ``about`` sentence and
    its ``files``. Adds a problem (naming the line) for anything else."""
    expected = "should map each sample's name to its 'about' sentence and its 'files' list"
    if not isinstance(value, dict):
        problems.append(f"line {line}: 'samples' {expected}")
        return ()
    samples = []
    for name, entry in value.items():
        entry_line = value.line_of(name) if isinstance(value, LineMap) else line
        files = entry.get("files") if isinstance(entry, dict) else None
        if not isinstance(files, list) or not files or not all(isinstance(f, str) and f for f in files):
            problems.append(f"line {entry_line}: the sample '{name}' should list its 'files' (file paths)")
            continue
        plans = [f for f in files if f.lower().endswith((".yaml", ".yml"))]
        if len(plans) > 1:
            problems.append(f"line {entry_line}: the sample '{name}' has {len(plans)} plan files; it may have one")
            continue
        samples.append(Sample(name=str(name), about=str(entry.get("about") or ""), files=tuple(files)))
    return tuple(samples)


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None


def load_settings(path: str | os.PathLike | None = None) -> Settings:
    """Read settings from ``path``, ``$SEND_APP_SETTINGS`` or ``config/settings.yaml``.

    Unknown keys and wrong types raise :class:`ConfigError` naming the key and what was expected.
    """
    chosen = Path(path or os.environ.get(SETTINGS_ENVIRONMENT_VARIABLE) or DEFAULT_SETTINGS_PATH)
    if not chosen.exists():
        raise ConfigError(f"The settings file {chosen} does not exist. Copy config/settings.yaml from the project.")
    raw = read_config_mapping(chosen, noun="settings file", shape="be a list of 'key: value' settings")
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
        if key == "samples":
            value = _samples(value, raw.line_of(key), problems)
        elif expected is tuple:
            if not isinstance(value, list):
                problems.append(f"line {raw.line_of(key)}: '{key}' should be a list")
                continue
            value = tuple(str(v) for v in value)
        elif expected is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = float(value)
        elif expected is str and value is None:
            value = ""
        elif expected is str and isinstance(value, dt.date):
            value = value.isoformat()  # YAML reads 2026-12-01 as a date
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            problems.append(f"line {raw.line_of(key)}: '{key}' should be {expected.__name__}, not {value!r}")
            continue
        values[key] = value
    for key, allowed, expected in RANGES:
        value = values.get(key, getattr(defaults, key))
        if not allowed(value):
            problems.append(f"line {raw.line_of(key)}: '{key}' should be {expected}, not {value}")
    for key in ("viewers", "officers", "publishers"):
        for entry in values.get(key, ()):
            if "@" not in entry or " " in entry.strip():
                problems.append(
                    f"line {raw.line_of(key)}: '{key}' should list emails (name@council.gov.uk) or"
                    f" domains (@council.gov.uk), not '{entry}'"
                )
    contact = values.get("contact", "")
    if contact and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+|https://\S+", str(contact)):
        problems.append(
            f"line {raw.line_of('contact')}: 'contact' should be an email or an https:// address, not '{contact}'"
        )
    reviewed = values.get("last_reviewed", "")
    if reviewed and not _is_iso_date(str(reviewed)):
        problems.append(
            f"line {raw.line_of('last_reviewed')}: 'last_reviewed' should be a date written YYYY-MM-DD, not '{reviewed}'"
        )
    mode = os.environ.get(MODE_ENVIRONMENT_VARIABLE, "")
    if mode not in MODES:
        problems.append(
            f"the environment variable {MODE_ENVIRONMENT_VARIABLE} should be 'public' or unset, not '{mode}'"
        )
    elif mode == "public":
        values["read_only"] = True
    if problems:
        raise ConfigError(f"{chosen}: " + "; ".join(problems) + ".")
    # Relative paths resolve from the project folder (Settings.path), not from the settings
    # file: a file kept in another folder named config/ once re-rooted every path.
    return Settings(**values)
