"""Type aliases shared by every module (one definition each).

``FloatArray``, ``IntArray``, ``BoolArray`` and ``ObjArray`` are NumPy arrays of ``float64``, ``int64``,
``bool`` and ``object``; ``Progress`` is the callable every long step reports to (one line of text per
step, see :mod:`siting.progress`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "FloatArray", "IntArray", "ObjArray", "Progress", "silent"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]
Progress = Callable[[str], None]


def silent(_message: str) -> None:
    """A :data:`Progress` callable that ignores every message."""
