"""Golden outputs: two small scenarios must give exactly the stored tables, model, manifest and page text.

The stored files live in ``tests/golden/`` (see ``tests/golden/regenerate.py`` for what each holds and how
volatile values are masked).  After a deliberate change, run ``python tests/golden/regenerate.py`` and
explain the change to the golden files in the commit.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from _golden import regenerate_module

golden = regenerate_module()


@pytest.mark.parametrize("name", golden.SCENARIOS)
def test_outputs_equal_the_golden_files(name: str, tmp_path: Path) -> None:
    stored = golden.stored_files(name)
    assert stored, f"no golden files for {name}: run python tests/golden/regenerate.py"
    made = golden.golden_files(name, tmp_path)
    assert sorted(made) == sorted(stored), "the set of golden files changed"
    changed = []
    for rel, text in made.items():
        if text != stored[rel]:
            diff = difflib.unified_diff(
                stored[rel].splitlines(), text.splitlines(), f"golden/{name}/{rel}", "now", lineterm="", n=1
            )
            changed.append("\n".join(list(diff)[:40]))
    assert not changed, (
        "outputs differ from the golden files (if deliberate: python tests/golden/regenerate.py, and explain "
        "the change in the commit):\n" + "\n\n".join(changed)
    )
