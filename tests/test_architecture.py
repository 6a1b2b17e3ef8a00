"""The architecture stays as docs/architecture.md draws it.

* The import-linter contracts in pyproject.toml (``[tool.importlinter]``) hold: every module of ``siting`` is
  in a layer and imports only from its own layer or below.
* No import cycle between modules, counting imports made inside functions.
* No import hidden from those checks: no ``if TYPE_CHECKING:`` block, and an import inside a function only
  with a ``# deferred:`` comment saying why (heavy optional things loaded on demand: the Pyomo reference
  model, a live OpenStreetMap download, a command's work behind ``siting --help``).
* Light imports stay light: ``siting.model.data``, ``siting.matrices`` and ``siting --help`` load no Pyomo.
* Modules of at most 800 lines (or a docstring saying "lines because ..."), functions of at most 120 lines.
"""

from __future__ import annotations

import ast
import contextlib
import io
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest
from importlinter.cli import lint_imports

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "siting"
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 120


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_import_contracts_hold() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True)
    assert code == 0, "import-linter contracts broken:\n" + out.getvalue()[-4000:]


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("siting", cache_dir=None)
    edges = nx.DiGraph()
    for module in graph.modules:
        edges.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("siting"):
                edges.add_edge(module, imported)
    cycles = [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def _function_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.extend(n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom))
    return found


def test_no_hidden_imports() -> None:
    problems = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        rel = path.relative_to(REPO)
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                problems.append(f"{rel}:{node.lineno}: an `if TYPE_CHECKING:` import hides a dependency")
        for node in _function_imports(tree):
            above = lines[max(node.lineno - 4, 0) : node.lineno - 1]
            if not any(line.strip().startswith("# deferred:") for line in above):
                problems.append(
                    f"{rel}:{node.lineno}: import inside a function without a `# deferred: why` comment"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "code",
    [
        "import siting.model.data",
        "import siting.matrices",
        "import siting.model, siting.solve",
        "import sys; sys.argv = ['siting', '--help']\nfrom siting.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass",
    ],
    ids=["model.data", "matrices", "model+solve", "siting --help"],
)
def test_light_imports_load_no_pyomo(code: str) -> None:
    probe = code + "\nimport sys\nprint(sorted({m.split('.')[0] for m in sys.modules} & {'pyomo'}))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


def test_module_sizes() -> None:
    long = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        n = len(text.splitlines())
        doc = ast.get_docstring(ast.parse(text)) or ""
        if n > MAX_MODULE_LINES and "lines because" not in doc:
            long.append(f"{path.relative_to(REPO)}: {n} lines")
    assert not long, f"modules over {MAX_MODULE_LINES} lines without a reason in their docstring: {long}"


def test_function_sizes() -> None:
    long = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}: {n} lines")
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_every_module_is_checked() -> None:
    """The layers contracts are exhaustive: a new module that is in no layer fails ``lint_imports``."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert text.count("exhaustive = true") >= 3


def test_the_module_table_in_docs_is_current() -> None:
    sys.path.insert(0, str(REPO / "docs"))
    try:
        import architecture_table
    finally:
        sys.path.pop(0)
    assert architecture_table.current() == architecture_table.table(), (
        "docs/architecture.md's module table is stale: python docs/architecture_table.py --write"
    )
