"""``python -m siting.batch BATCH.toml --out DIR``: the same as ``siting batch`` (see :func:`main`)."""

from __future__ import annotations

import sys

from siting.batch.run import main

if __name__ == "__main__":
    sys.exit(main())
