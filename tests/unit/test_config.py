"""Settings: defaults, checks, and the README documenting every one."""

import re

import pytest

from send_core.config import SETTING_NAMES, load_settings
from send_core.errors import ConfigError
from tests.conftest import ROOT


def test_the_shipped_settings_load():
    settings = load_settings(ROOT / "config" / "settings.yaml")
    assert settings.spc_trend_length in (6, 7)
    assert all(settings.path(p).exists() for p in settings.sample_scorecards)
    assert settings.path(settings.sample_plan).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "amber_tolerance_pionts: 5\n",
            "unknown setting 'amber_tolerance_pionts' (did you mean 'amber_tolerance_points'?)",
        ),
        ("spc_trend_length: 9\n", "'spc_trend_length' should be 6 or 7"),
        ("read_only: perhaps\n", "'read_only' should be bool"),
        ("sample_scorecards: one.xlsx\n", "'sample_scorecards' should be a list"),
    ],
)
def test_bad_settings_are_named(tmp_path, text, message):
    path = tmp_path / "settings.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(path)


def test_the_environment_variable_picks_another_file(tmp_path, monkeypatch):
    path = tmp_path / "public.yaml"
    path.write_text("read_only: true\n")
    monkeypatch.setenv("SEND_APP_SETTINGS", str(path))
    assert load_settings().read_only is True


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTING_NAMES if f"`{name}`" not in readme]
    assert not missing, f"README.md does not document: {missing}"


def test_every_setting_in_the_shipped_file_is_a_known_setting():
    text = (ROOT / "config" / "settings.yaml").read_text(encoding="utf-8")
    keys = re.findall(r"^([a-z_]+):", text, flags=re.M)
    assert set(keys) == set(SETTING_NAMES)
