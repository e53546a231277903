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

    monkeypatch.setattr(yaml_loader, "MAX_YAML_EVENTS", 10)
    with pytest.raises(yaml_loader.YamlProblems, match="more entries than a real settings file"):
        yaml_loader.load_yaml("[" + ", ".join(["1"] * 20) + "]", noun="settings file")


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_deep_nesting_is_refused_while_scanning_not_by_a_recursion_error(opening):
    # Before: 16 KB of nesting took 17 s of CPU and ended in RecursionError.
    from send_core.yaml_loader import MAX_YAML_DEPTH, YamlProblems, load_yaml

    text = (opening * 16_000) if opening != "- " else "".join("  " * i + "- \n" for i in range(200))
    with pytest.raises(YamlProblems, match=f"nested more than {MAX_YAML_DEPTH} levels deep"):
        load_yaml(text, noun="plan")


def test_a_large_plan_of_tiny_entries_is_refused_by_its_count_of_entries():
    # Before: a 2 MB plan of tiny nodes took 30-56 s before it was refused.
    text = "version: 1\nextra:\n" + "".join(f"  - {i}\n" for i in range(150_000))
    with pytest.raises(PlanError, match="more entries than a real plan"):
        load_plan(text)


def test_a_second_document_is_refused():
    from send_core.yaml_loader import YamlProblems, load_yaml

    with pytest.raises(YamlProblems, match="Line 2: a plan is one YAML document"):
        load_yaml("a: 1\n---\nb: 2\n", noun="plan")


def test_a_mapping_as_a_key_is_refused():
    from send_core.yaml_loader import YamlProblems, load_yaml

    with pytest.raises(YamlProblems, match="a key must be text"):
        load_yaml("? {a: 1}\n: b\n", noun="plan")
