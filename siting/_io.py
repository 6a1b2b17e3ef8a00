"""Atomic writes: one way to write a file or a whole output folder so that nothing is left half-written.

* :func:`write_file_atomic` writes a file through a temporary file in the same folder, then renames it.
* :func:`atomic_folder` yields a hidden temporary folder ``.<name>.tmp-<pid>-XXXX`` beside the target; when
  the block ends without error it is renamed into place (an existing earlier output is swapped out only with
  ``overwrite``); on any error or interruption it is removed.
* :func:`check_output_folder` says, before any work, whether a folder may be written.
* :func:`remove_stale_temporaries` removes the temporary folders of runs that were killed: only those whose
  owner process (the ``<pid>`` in the name) is gone, never a live run's.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from siting._errors import InputDataError

__all__ = [
    "atomic_folder",
    "check_output_folder",
    "remove_stale_temporaries",
    "umask",
    "write_file_atomic",
]


def umask() -> int:
    """Return the process's file-creation mask (without changing it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_file_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, fsync, rename).

    Text is written as UTF-8 with ``\\n`` line ends.  The folder must exist.  The file gets the usual
    permissions (``0666`` less the umask).  Returns ``path``.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.chmod(0o666 & ~umask())  # mkstemp creates 0600
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def check_output_folder(out: Path, *, overwrite: bool, option: str = "--out") -> None:
    """Raise :class:`InputDataError` (naming ``option`` and the fix) when ``out`` may not be written.

    A folder may be written when it does not exist, or with ``overwrite`` when it is an earlier output (holds
    a ``manifest.json``) or empty, and is neither the current folder nor one containing it.
    """
    out = Path(out).absolute()
    if not out.name or out == Path(out.anchor):
        raise InputDataError(f"output folder {out} is not a valid folder name; choose another {option}")
    if not (out.exists() or out.is_symlink()):
        return
    if not overwrite:
        raise InputDataError(f"output folder {out} exists; pass --overwrite or choose another {option}")
    if not out.is_dir():
        raise InputDataError(f"output path {out} exists and is not a folder; choose another {option}")
    cwd = Path.cwd().absolute()
    if out == cwd or out in cwd.parents:
        raise InputDataError(
            f"output folder {out} is the current folder or contains it; choose another {option}"
        )
    if any(out.iterdir()) and not (out / "manifest.json").is_file():
        raise InputDataError(
            f"output folder {out} exists and does not look like an earlier plan output "
            f"(no manifest.json), so it is not replaced; choose another {option}"
        )


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Delete the temporary folders that killed earlier writes of ``out_dir`` left behind; return them.

    They are the hidden ``.<name>.tmp-<pid>-*`` and ``.<name>.old-<pid>-*`` folders beside ``out_dir``.  A
    folder whose owner process is still running belongs to a live run and is kept.
    """
    out = Path(out_dir).absolute()
    if not out.parent.is_dir():
        return []
    removed = []
    for kind in ("tmp", "old"):
        for stale in sorted(out.parent.glob(f".{out.name}.{kind}-*")):
            owner = stale.name[len(f".{out.name}.{kind}-") :].split("-", 1)[0]
            if owner.isdigit() and _pid_alive(int(owner)):
                continue
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
                removed.append(stale)
    return removed


def _move_into_place(tmp: Path, out: Path) -> None:
    """Rename ``tmp`` to ``out``, swapping out an existing ``out`` safely."""
    if not (out.exists() or out.is_symlink()):
        tmp.rename(out)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
    previous = aside / "previous"
    out.rename(previous)
    try:
        tmp.rename(out)
    except BaseException:
        previous.rename(out)
        shutil.rmtree(aside, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)


@contextmanager
def atomic_folder(out_dir: str | os.PathLike[str], *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder that becomes ``out_dir`` when the block ends without error.

    The temporary folder lies beside ``out_dir`` (same file system, so the final rename is atomic).  Its
    parent folders are created.  With ``overwrite`` an existing earlier output is swapped out and deleted
    only once the new folder is in place.  On any error (or ``KeyboardInterrupt``) the temporary folder is
    removed and ``out_dir`` is left as it was.

    Raises
    ------
    InputDataError
        ``out_dir`` may not be written (:func:`check_output_folder`); raised before anything is created.
    """
    out = Path(out_dir).absolute()
    check_output_folder(out, overwrite=overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
    try:
        yield tmp
        tmp.chmod(0o777 & ~umask())
        _move_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
