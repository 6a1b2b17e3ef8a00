"""The module table of docs/architecture.md, generated from the code so that it cannot drift.

One row per module of ``siting``, grouped by the layer it sits in (the import-linter contracts in
pyproject.toml, top to bottom), with the first sentence of the module's docstring.

    python docs/architecture_table.py          # print the table
    python docs/architecture_table.py --write  # replace it in docs/architecture.md

``tests/test_architecture.py`` fails when the table in docs/architecture.md is not the one this prints.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "architecture.md"
BEGIN, END = "<!-- modules:begin (python docs/architecture_table.py --write) -->", "<!-- modules:end -->"


def _first_sentence(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    text = " ".join(doc.split("\n\n")[0].split())
    match = re.match(r"(.+?[.])(\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence.rstrip(".:;").replace("|", "\\|")


def _module_path(dotted: str) -> Path:
    base = REPO / Path(*dotted.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _rows(container: str, layers: list[str]) -> list[str]:
    rows = []
    for depth, layer in enumerate(layers, start=1):
        for name in re.split(r"\s*[|:]\s*", layer):
            dotted = f"{container}.{name}"
            path = _module_path(dotted)
            package = path.name == "__init__.py"
            shown = str(path.relative_to(REPO).parent) + "/" if package else str(path.relative_to(REPO))
            rows.append(f"| {depth} | `{shown}` | {_first_sentence(path)} |")
    return rows


def table() -> str:
    """The markdown tables, one per layers contract."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    parts = []
    for contract in config["tool"]["importlinter"]["contracts"]:
        if contract.get("type") != "layers":
            continue
        (container,) = contract["containers"]
        parts.append(f"**{contract['name']}** (layer 1 = top)\n")
        parts.append("| layer | module | what it is |\n|---|---|---|")
        parts.extend(_rows(container, contract["layers"]))
        parts.append("")
    parts.extend(_package_rows(config))
    return "\n".join(parts).rstrip() + "\n"


def _package_rows(config: dict[str, object]) -> list[str]:
    """The modules inside the packages that have no layers contract of their own."""
    contracts = config["tool"]["importlinter"]["contracts"]  # type: ignore[index]
    covered = {c for contract in contracts for c in contract.get("containers", [])}
    rows = ["**Inside the other packages**\n", "| package | module | what it is |\n|---|---|---|"]
    for init in sorted((REPO / "siting").glob("*/__init__.py")):
        dotted = f"siting.{init.parent.name}"
        if dotted in covered:
            continue
        for module in sorted(init.parent.glob("*.py")):
            if module.name != "__init__.py":
                rows.append(f"| `{dotted}` | `{module.name}` | {_first_sentence(module)} |")
    return [*rows, ""]


def current() -> str:
    """The table as it stands in docs/architecture.md."""
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:end].strip("\n") + "\n"


def write() -> None:
    """Replace the table in docs/architecture.md."""
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOC.write_text(text[:start] + "\n" + table() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        write()
    else:
        sys.stdout.write(table())
