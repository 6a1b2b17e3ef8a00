"""Start the command line in a child process as a terminal would, for the tests that interrupt it.

A process whose parent ignores SIGINT inherits that, and Python then installs no Ctrl-C handler (the Unix
convention for background jobs and ``nohup``). In the full suite a test worker's SIGINT has been found
ignored (the clean-clone CI run of 8d5ca75: the batch and both SIGINT runs of test_faults/test_reliability
ran to the end, exit 0), so a child started from it could not be interrupted, which is not what a user at a
terminal sees. The children of the signal tests therefore start with SIGINT at its default.
"""

from __future__ import annotations

import signal


def terminal_sigint() -> None:
    """``preexec_fn`` of the child: SIGINT at its default disposition, as under an interactive shell."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
