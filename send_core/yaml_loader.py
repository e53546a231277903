"""YAML read line-aware and safely, for the plan and the config files.

Only PyYAML's safe composer runs: aliases, anchors and custom tags are refused from the event
stream before anything is composed, and the node count is capped. Mappings come back as
:class:`LineMap`, which remembers each key's line, so every problem can name its line.
"""

from __future__ import annotations

import io
from typing import Any

import yaml

from .errors import SendCoreError
from .reading.periods import parse_date

MAX_YAML_NODES = 200_000  # more entries than any real plan or config file has
_SAFE_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


class YamlProblems(SendCoreError):
    """The text is not YAML this app accepts. ``problems`` are sentences that name their line;
    the caller turns them into its own error (:class:`PlanError`, :class:`ConfigError`)."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def load_yaml(text: str, *, noun: str) -> Any:
    """Parse YAML ``text`` into plain data (:class:`LineMap`, :class:`LineList`, text, numbers,
    dates, None for an empty document). ``noun`` names the kind of file in messages ("plan",
    "settings file"). Raises :class:`YamlProblems` listing every alias, anchor and unsafe tag
    (up to 50), or the first syntax error, with its line."""
    node = _compose(text, noun)
    return None if node is None else _to_data(node, [0], noun)


def _compose(text: str, noun: str) -> yaml.Node:
    """Compose YAML into nodes without constructing any object, refusing aliases and tags."""
    problems = []
    try:
        for event in yaml.parse(io.StringIO(text), Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.AliasEvent):
                problems.append(
                    f"Line {line}: YAML aliases (*{event.anchor}) are not allowed in a {noun}; write the value out in full."
                )
            elif getattr(event, "anchor", None):
                problems.append(
                    f"Line {line}: YAML anchors (&{event.anchor}) are not allowed in a {noun}; write values out in full."
                )
            tag = getattr(event, "tag", None)
            if tag and tag not in ("!", "?") and tag not in _SAFE_TAGS:
                problems.append(
                    f"Line {line}: the tag '{tag}' is not allowed; a {noun} holds only text, numbers, dates, lists and mappings."
                )
            if len(problems) > 50:
                break
        if problems:
            raise YamlProblems(problems)
        node = yaml.compose(io.StringIO(text), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else "?"
        raise YamlProblems(
            f"Line {line}: the file is not valid YAML ({error.problem or error.context}). Check the indentation and "
            "that text containing ':' or '#' is in quotes."
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblems(f"The file is not valid YAML ({error}).") from None
    return node


def _to_data(node: yaml.Node, counter: list[int], noun: str) -> Any:
    """Plain Python data from nodes; mappings become ``LineMap`` that remember line numbers."""
    counter[0] += 1
    if counter[0] > MAX_YAML_NODES:
        raise YamlProblems(f"The file has too many entries to be a real {noun}. Check it is the right file.")
    if isinstance(node, yaml.MappingNode):
        result = LineMap(line=node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in result:
                result.duplicates.append((key, key_node.start_mark.line + 1))
            result[key] = _to_data(value_node, counter, noun)
            result.lines[key] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode):
                result.raw[key] = value_node.value  # "1.10" stays "1.10" where text is expected
        return result
    if isinstance(node, yaml.SequenceNode):
        return LineList((_to_data(item, counter, noun) for item in node.value), line=node.start_mark.line + 1)
    value = node.value
    tag = node.tag
    if tag.endswith(":int"):
        try:
            return int(value.replace("_", ""), 0) if not value.startswith("0") or value == "0" else int(value)
        except ValueError:
            return value
    if tag.endswith(":float"):
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag.endswith(":bool"):
        return value.lower() in ("true", "yes", "on", "y")
    if tag.endswith(":null"):
        return None
    if tag.endswith(":timestamp"):
        parsed = parse_date(value)
        return parsed if parsed is not None else value
    return value


class LineMap(dict):
    """A mapping that remembers the line of each key (``line_of``), the text each scalar was
    written as (``raw``) and keys written twice (``duplicates``)."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}
        self.raw: dict[str, str] = {}
        self.duplicates: list[tuple[str, int]] = []

    def line_of(self, key: str) -> int:
        """The line ``key`` is on, or the mapping's own line when it has no such key."""
        return self.lines.get(key, self.line)


class LineList(list):
    """A list that remembers the line it starts on."""

    def __init__(self, items, line: int):
        super().__init__(items)
        self.line = line
