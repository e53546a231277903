"""The package's shape: every module findable from the README, small enough to read, tested,
free of import cycles, and Streamlit only in send_core/ui."""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "send_core"
MAX_MODULE_LINES = 600
MODULES = sorted(
    path.relative_to(ROOT).as_posix()
    for folder in (PACKAGE, ROOT / "pages")
    for path in folder.rglob("*.py")
    if path.name != "__init__.py" and "__pycache__" not in path.parts
)
DOMAIN_MODULES = [m for m in MODULES if m.startswith("send_core/") and not m.startswith("send_core/ui/")]


def readme_section(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_every_module_is_in_the_where_things_live_table_and_every_listed_module_exists():
    listed = set(re.findall(r"\| `((?:send_core|pages)/[\w/]+\.py)` \|", readme_section("Where things live")))
    assert listed == set(MODULES)


@pytest.mark.parametrize("module", [m for m in MODULES if m.startswith("send_core/")])
def test_no_module_is_over_the_line_limit(module):
    lines = (ROOT / module).read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines"


@pytest.mark.parametrize("module", DOMAIN_MODULES)
def test_each_domain_module_has_a_test_module(module):
    stem = module.rsplit("/", 1)[1].removesuffix(".py")
    test_name = "test_cli.py" if stem == "__main__" else f"test_{stem}.py"
    assert (ROOT / "tests" / "unit" / test_name).exists(), f"{module} has no tests/unit/{test_name}"


def imports_of(path) -> list[tuple[str, bool]]:
    """(module imported, whether only for type checking) for every import in a file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    type_checking = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            type_checking.update(id(child) for child in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, id(node) in type_checking) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            targets = [name] + [f"{name}.{alias.name}" for alias in node.names]
            found.extend((target, id(node) in type_checking) for target in targets)
    return found


def module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_there_are_no_import_cycles_in_send_core():
    paths = [p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts]
    names = {module_name(p) for p in paths}
    graph = {
        module_name(p): {
            target
            for target, only_typing in imports_of(p)
            if not only_typing and target in names and target != module_name(p)
        }
        for p in paths
    }
    # A package's __init__ re-exports its modules; importing the package is not a cycle with them.
    for name in list(graph):
        if any(p.name == "__init__.py" and module_name(p) == name for p in paths):
            graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join(trail[trail.index(target) :] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("module", DOMAIN_MODULES)
def test_streamlit_is_imported_only_in_send_core_ui(module):
    imported = [name for name, _ in imports_of(ROOT / module)]
    assert not [name for name in imported if name.split(".")[0] == "streamlit"], module


def test_the_word_all_is_spelled_once():
    spelled = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*PACKAGE.rglob("*.py"), *(ROOT / "pages").glob("*.py")]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"""(?<![\w`])["']All["']""", line) and not line.lstrip().startswith("#")
    ]
    assert len(spelled) == 1 and spelled[0].startswith("send_core/model.py:"), spelled


def test_every_data_grid_says_what_an_empty_cell_shows():
    # A data grid shows a missing value as "None" unless told otherwise: tables people read
    # never do (issue 16), so every st.dataframe names its placeholder.
    unsaid = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in [*(PACKAGE / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "dataframe"
        and "placeholder" not in {keyword.arg for keyword in node.keywords}
    ]
    assert not unsaid, unsaid
