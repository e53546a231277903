"""Settings: defaults, checks, and the README documenting every one."""

import re

import pytest

from send_core.config import SETTING_NAMES, load_settings
from send_core.errors import ConfigError
from tests.conftest import ROOT


def test_the_shipped_settings_load():
    settings = load_settings(ROOT / "config" / "settings.yaml")
    # NHS England's Making Data Count rules unless set otherwise: shift and trend of 6.
    rules = settings.spc_rules()
    assert (rules.shift_length, rules.trend_length, rules.conflict, rules.screen_moving_ranges) == (
        6,
        6,
        "improvement",
        False,
    )
    assert [sample.name for sample in settings.samples] == ["Birmingham", "BCP", "KPI table (2023)"]
    assert all(settings.path(p).exists() for sample in settings.samples for p in sample.files)
    assert settings.sample().plan_file == "sample_data/birmingham_app_plan.yaml"
    assert settings.sample("BCP").plan_file == "" and settings.sample("no such sample").name == "Birmingham"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "amber_tolerance_pionts: 5\n",
            "unknown setting 'amber_tolerance_pionts' (did you mean 'amber_tolerance_points'?)",
        ),
        ("spc_trend_length: 9\n", "line 1: 'spc_trend_length' should be 6, 7 or 8 (or 0 for the preset's), not 9"),
        ("spc_preset: excel\n", "'spc_preset' should be making_data_count or plotthedots, not excel"),
        ("spc_conflict: both\n", "'spc_conflict' should be improvement or concern, not both"),
        # Before: accepted, and suppression was silently off.
        (
            "read_only: true\nsuppression_threshold: -1\n",
            "line 2: 'suppression_threshold' should be a whole number from 1",
        ),
        ("suppression_threshold: 0\n", "'suppression_threshold' should be a whole number from 1 to 100, not 0"),
        ("amber_tolerance_share: 10\n", "'amber_tolerance_share' should be a share between 0 and 1"),
        ("amber_tolerance_points: -5\n", "'amber_tolerance_points' should be between 0 and 100"),
        (
            "base_map: satellite\n",
            "'base_map' should be empty or the https:// address of a map style your council hosts, not satellite",
        ),
        ("read_only: [a\n", "is not valid YAML: Line 2: the file is not valid YAML"),
        ("read_only: perhaps\n", "'read_only' should be bool"),
        ("samples: one.xlsx\n", "'samples' should map each sample's name"),
        ("samples:\n  Ours:\n    about: x\n", "line 2: the sample 'Ours' should list its 'files'"),
        ("samples:\n  Ours:\n    files: [a.yaml, b.yml]\n", "line 2: the sample 'Ours' has 2 plan files"),
        ("contact: the SEND team\n", "'contact' should be an email or an https:// address, not 'the SEND team'"),
        ("contact: http://council.gov.uk\n", "'contact' should be an email or an https:// address"),
        ("last_reviewed: 1/12/2026\n", "'last_reviewed' should be a date written YYYY-MM-DD, not '1/12/2026'"),
        ("last_reviewed: 2026-02-30\n", "'last_reviewed' should be a date written YYYY-MM-DD"),
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


def test_public_mode_is_one_switch_whatever_the_file_says(tmp_path, monkeypatch):
    path = tmp_path / "settings.yaml"
    path.write_text("read_only: false\ncontact: send.info@council.gov.uk\nlast_reviewed: 2026-12-01\n")
    assert load_settings(path).read_only is False
    monkeypatch.setenv("SEND_APP_MODE", "public")
    settings = load_settings(path)
    assert settings.read_only is True
    assert (settings.contact, settings.last_reviewed) == ("send.info@council.gov.uk", "2026-12-01")
    monkeypatch.setenv("SEND_APP_MODE", "officers")
    with pytest.raises(ConfigError, match="SEND_APP_MODE should be 'public' or unset, not 'officers'"):
        load_settings(path)


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTING_NAMES if f"`{name}`" not in readme]
    assert not missing, f"README.md does not document: {missing}"


def test_every_setting_in_the_shipped_file_is_a_known_setting():
    text = (ROOT / "config" / "settings.yaml").read_text(encoding="utf-8")
    keys = re.findall(r"^([a-z_]+):", text, flags=re.M)
    assert set(keys) == set(SETTING_NAMES)


def test_a_settings_file_in_another_config_folder_keeps_paths_relative_to_the_project(tmp_path):
    # Before: a settings file in any folder named config/ re-rooted every relative path there.
    (tmp_path / "config").mkdir()
    path = tmp_path / "config" / "settings.yaml"
    path.write_text("samples:\n  Ours:\n    files: [sample_data/birmingham_app_plan.yaml]\n")
    settings = load_settings(path)
    assert settings.path(settings.sample().plan_file) == ROOT / "sample_data" / "birmingham_app_plan.yaml"
    assert settings.path("/srv/data/wards.geojson").as_posix() == "/srv/data/wards.geojson"


def test_every_problem_names_the_file_and_line(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("read_only: false\nspc_trend_length: 9\nsupression_threshold: 3\n")
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    message = str(raised.value)
    assert message.startswith(str(path))
    assert "line 3: unknown setting 'supression_threshold' (did you mean 'suppression_threshold'?)" in message
    assert "line 2: 'spc_trend_length' should be 6, 7 or 8 (or 0 for the preset's), not 9" in message


@pytest.mark.parametrize(
    ("text", "shift", "trend"),
    [
        ("", 6, 6),
        ("spc_preset: plotthedots\n", 7, 7),
        ("spc_preset: plotthedots\nspc_trend_length: 6\n", 7, 6),
        ("spc_shift_length: 8\n", 8, 6),
    ],
)
def test_the_spc_preset_and_lengths(tmp_path, text, shift, trend):
    path = tmp_path / "settings.yaml"
    path.write_text(text or "read_only: false\n")
    rules = load_settings(path).spc_rules()
    assert (rules.shift_length, rules.trend_length) == (shift, trend)


def test_the_officers_app_does_not_watch_its_files():
    # The watcher resolves every loaded module's path after each page run, on the thread that
    # sends every session its messages: most of the server's time on a page (README, "Set up").
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
    assert config["runner"]["postScriptGC"] is False and config["runner"]["magicEnabled"] is False


def test_the_public_deployment_is_locked_down():
    import tomllib

    config = tomllib.loads((ROOT / "deploy" / "public" / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    client, server = config["client"], config["server"]
    assert client["showErrorDetails"] == "none" and client["toolbarMode"] == "viewer"
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["corsAllowedOrigins"] == [] and "localhost" in server["allowedHosts"]
    assert server["maxUploadSize"] == 1 and server["fileWatcherType"] == "none" and server["runOnSave"] is False
    assert config["browser"]["gatherUsageStats"] is False
    script = (ROOT / "deploy" / "public" / "run.sh").read_text(encoding="utf-8")
    assert "export SEND_APP_MODE=public" in script and "../../app.py" in script
