"""The golden-output generator (``tests/golden/regenerate.py``) as a module, for tests reusing its study area.

``tests/golden`` is a data folder, not a package, so the script is loaded by path, once per test process.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

GOLDEN = Path(__file__).parent / "golden"


@cache
def regenerate_module() -> ModuleType:
    """``tests/golden/regenerate.py``, imported under the name ``golden_regenerate``."""
    spec = importlib.util.spec_from_file_location("golden_regenerate", GOLDEN / "regenerate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
