"""YAML read safely and line-aware: aliases, anchors, unsafe tags and broken files refused."""

from __future__ import annotations

import pytest

from send_core import PlanError, load_plan


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 1\nprogramme: {name: x\n", "is not valid YAML"),
        (
            "version: 1\nprogramme: !!python/object/apply:os.system ['echo hi']\n",
            "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
        ("a: &anchor [1, 2]\nb: *anchor\n", "YAML anchors (&anchor) are not allowed"),
        ("", "The plan file is empty"),
        ("- just\n- a list\n", "the plan should be a mapping"),
    ],
)
def test_unsafe_or_broken_yaml_is_refused(text, message):
    with pytest.raises(PlanError, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        load_plan(text)


def test_an_alias_bomb_is_refused_before_it_is_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    with pytest.raises(PlanError, match="aliases"):
        load_plan(bomb)


def test_mappings_remember_the_line_of_each_key_and_keys_written_twice():
    from send_core.yaml_loader import LineList, LineMap, load_yaml

    data = load_yaml("name: A\nitems:\n  - x\n  - y\nname: B\n", noun="plan")
    assert isinstance(data, LineMap) and isinstance(data["items"], LineList)
    assert (data.line_of("name"), data.line_of("items"), data["items"].line) == (5, 2, 3)
    assert data.duplicates == [("name", 5)]


def test_numbers_keep_the_text_they_were_written_as():
    from send_core.yaml_loader import load_yaml

    data = load_yaml("id: 1.10\n", noun="plan")
    assert data["id"] == 1.1 and data.raw["id"] == "1.10"


def test_too_many_entries_are_refused_before_they_are_built(monkeypatch):
    from send_core import yaml_loader

    monkeypatch.setattr(yaml_loader, "MAX_YAML_NODES", 10)
    with pytest.raises(yaml_loader.YamlProblems, match="too many entries to be a real settings file"):
        yaml_loader.load_yaml("[" + ", ".join(["1"] * 20) + "]", noun="settings file")
