"""YAML read line-aware and safely, for the plan and the config files.

Only PyYAML's parser runs (no constructor, no composer): the data is built from its events in
one pass, with no recursion; aliases, anchors and custom tags are refused, and the number of
events and the depth of nesting are capped while the parser scans. Mappings come back as
:class:`LineMap`, which remembers each key's line, so every problem can name its line.
"""

from __future__ import annotations

import io
from typing import Any

import yaml

from .errors import SendCoreError
from .reading.periods import parse_date

# Far more than any real plan or config file has: Birmingham's whole plan is about 15,000 events
# and 8 levels deep. Checked while the parser scans, before anything is built.
MAX_YAML_EVENTS = 100_000
MAX_YAML_DEPTH = 32
MAX_LISTED = 50  # unsafe aliases, anchors and tags listed before the rest are left unsaid
# The C parser where PyYAML was built with libyaml (much quicker on a large file), else Python's.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
    "settings file").

    One pass over the parser's events, building as it goes, with no recursion: limits apply
    while scanning, before anything large is built (``MAX_YAML_EVENTS`` events, nesting
    ``MAX_YAML_DEPTH`` deep). Raises :class:`YamlProblems` listing every alias, anchor and
    unsafe tag (up to ``MAX_LISTED``), or the first syntax error or limit, with its line.
    """
    problems: list[str] = []
    builder = _Builder(noun)
    try:
        for count, event in enumerate(yaml.parse(io.StringIO(text), Loader=_LOADER), start=1):
            line = event.start_mark.line + 1 if event.start_mark else None
            if count > MAX_YAML_EVENTS:
                raise YamlProblems(
                    f"Line {line}: the file has more entries than a real {noun} ({MAX_YAML_EVENTS:,} at most). "
                    "Check it is the right file."
                )
            problems.extend(_unsafe(event, line, noun))
            if len(problems) >= MAX_LISTED:
                break
            if not problems:
                builder.take(event, line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else "?"
        raise YamlProblems(
            f"Line {line}: the file is not valid YAML ({error.problem or error.context}). Check the indentation and "
            "that text containing ':' or '#' is in quotes."
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblems(f"The file is not valid YAML ({error}).") from None
    if problems:
        raise YamlProblems(problems)
    return builder.root


def _unsafe(event: yaml.Event, line: int | None, noun: str) -> list[str]:
    """What in this event a plan or config file may not hold: aliases, anchors, custom tags."""
    found = []
    if isinstance(event, yaml.AliasEvent):
        found.append(
            f"Line {line}: YAML aliases (*{event.anchor}) are not allowed in a {noun}; write the value out in full."
        )
    elif getattr(event, "anchor", None):
        found.append(
            f"Line {line}: YAML anchors (&{event.anchor}) are not allowed in a {noun}; write values out in full."
        )
    tag = getattr(event, "tag", None)
    if tag and tag not in ("!", "?") and tag not in _SAFE_TAGS:
        found.append(
            f"Line {line}: the tag '{tag}' is not allowed; a {noun} holds only text, numbers, dates, lists and mappings."
        )
    return found


class _Builder:
    """Builds plain data from parser events, keeping a stack of open mappings and lists."""

    def __init__(self, noun: str):
        self.noun = noun
        self.root: Any = None
        self.documents = 0
        # Each open container: [container, key waiting for its value (mappings), that key's line].
        self.stack: list[list[Any]] = []
        self.resolver = yaml.resolver.Resolver()

    def take(self, event: yaml.Event, line: int | None) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlProblems(
                    f"Line {line}: a {self.noun} is one YAML document; remove the '---' and what follows."
                )
        elif isinstance(event, yaml.ScalarEvent):
            self._add(_scalar(event, self.resolver), line, event.value)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= MAX_YAML_DEPTH:
                raise YamlProblems(
                    f"Line {line}: the file is nested more than {MAX_YAML_DEPTH} levels deep, which no real "
                    f"{self.noun} is. Check it is the right file."
                )
            container = (
                LineMap(line=line or 1) if isinstance(event, yaml.MappingStartEvent) else LineList((), line or 1)
            )
            self._add(container, line, None)
            self.stack.append([container, _NO_KEY, None])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()

    def _add(self, value: Any, line: int | None, written: str | None) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        container = top[0]
        if isinstance(container, LineList):
            container.append(value)
            container.item_lines.append(line or container.line)
        elif top[1] is _NO_KEY:
            if isinstance(value, (LineMap, LineList)):
                raise YamlProblems(f"Line {line}: a key must be text, not a list or mapping.")
            top[1], top[2] = str(written if written is not None else value), line
        else:
            key, key_line = top[1], top[2]
            if key in container:
                container.duplicates.append((key, key_line))
            container[key] = value
            container.lines[key] = key_line
            if written is not None:
                container.raw[key] = written  # "1.10" stays "1.10" where text is expected
            top[1] = _NO_KEY


_NO_KEY = object()


def _scalar(event: yaml.ScalarEvent, resolver: yaml.resolver.Resolver) -> Any:
    """A scalar as text, number, true/false, None or a date, by its tag (explicit or implied)."""
    value = event.value
    tag = event.tag if event.tag not in (None, "!") else resolver.resolve(yaml.ScalarNode, value, event.implicit)
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
    """A list that remembers the line it starts on and the line of each item."""

    def __init__(self, items, line: int):
        super().__init__(items)
        self.line = line
        self.item_lines: list[int] = [line] * len(self)

    def line_of(self, index: int) -> int:
        """The line item ``index`` starts on (0-based), or the list's own line."""
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line
