"""The locality configuration: the illustrative sample, and every problem named with its line."""

import pytest

from send_core.errors import ConfigError
from send_core.localities import load_localities
from tests.conftest import ROOT


def test_the_sample_locality_file_is_labelled_illustrative():
    config = load_localities(ROOT / "config" / "localities.yaml")
    assert config.illustrative
    assert [loc.name for loc in config.localities] == ["North", "South", "East", "West"]
    assert config.pod_phases("Early Years & Primary") == ("Early years", "Primary")


def test_bad_locality_files_list_every_problem(tmp_path):
    path = tmp_path / "localities.yaml"
    path.write_text(
        "localities:\n  - name: North\n    centre: [200, 52]\n    wards: [W123]\npods:\n  - name: Juniors\n    phases: [Year 3]\n"
    )
    with pytest.raises(ConfigError) as raised:
        load_localities(path)
    message = str(raised.value)
    assert "centre should be [longitude, latitude]" in message
    assert "ward codes should look like E05011118, not W123" in message
    assert "unknown phases Year 3" in message
    assert "line 3: locality 'North': centre" in message  # the line the centre is on


def test_a_missing_locality_file_means_no_localities(tmp_path):
    config = load_localities(tmp_path / "absent.yaml")
    assert config.localities == () and config.pods == () and not config.illustrative


def test_a_locality_file_that_is_a_list_is_refused(tmp_path):
    path = tmp_path / "localities.yaml"
    path.write_text("- North\n- South\n")
    with pytest.raises(ConfigError, match="should hold 'localities:' and 'pods:' keys"):
        load_localities(path)


def test_yaml_aliases_in_a_locality_file_are_refused(tmp_path):
    path = tmp_path / "localities.yaml"
    path.write_text("pods:\n  - &p {name: A, phases: [Primary]}\n  - *p\n")
    with pytest.raises(ConfigError, match="aliases"):
        load_localities(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Before: each of these crashed with a TypeError or AttributeError.
        ("localities: 5\n", "line 1: 'localities' should be a list"),
        ("localities:\n  - North\n", "line 2: locality 1 needs a name"),
        ("localities:\n  - name: North\n    wards: E05011118\n", "wards should be a list of ward codes"),
        (
            "localities:\n  - name: North\n    centre: [a, b]\n",
            "centre should be [longitude, latitude], not ['a', 'b']",
        ),
        ("pods:\n  - Juniors\n", "line 2: pod 1 needs a name"),
        ("pods:\n  - name: Juniors\n    phases: Primary\n", "pod 'Juniors' needs a list of phases"),
        ("locals: []\n", "line 1: unknown key 'locals'"),
    ],
)
def test_malformed_locality_files_are_config_errors_naming_the_line(tmp_path, text, message):
    path = tmp_path / "localities.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_localities(path)
    assert message in str(raised.value) and str(path) in str(raised.value)
