"""Atomic writes: one way to write a file or a whole output folder so that nothing is left half-written.

* :func:`write_file_atomic` writes a file through a temporary file in the same folder, then renames it.
* :func:`atomic_folder` yields a hidden temporary folder ``.<name>.tmp-<pid>-XXXX`` beside the target; when
  the block ends without error it is renamed into place (an existing earlier output is swapped out only with
  ``overwrite``); on any error or interruption it is removed.
* :func:`check_output_folder` says, before any work, whether a folder may be written.
* :func:`remove_stale_temporaries` removes the temporary folders of runs that were killed: only those whose
  owner process (the ``<pid>`` in the name) is gone, never a live run's; :func:`remove_stale_scratch` does
  the same for scratch folders ``$TMPDIR/<prefix>-<pid>-*`` (:func:`scratch_prefix`).
* :func:`check_output_location` says, before any work, whether a file or folder can be created at a path
  (parent not a file, writable, free space for an estimate, a name valid on Windows and Linux), and
  :func:`check_file_name` whether one name is; :func:`output_lock` keeps two runs off one output.
* :func:`stage_file` writes a file beside its target without renaming it yet (part of an atomic output).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from siting._errors import InputDataError

__all__ = [
    "MAX_NAME_BYTES",
    "PROBE_PREFIX",
    "SCRATCH_KINDS",
    "atomic_folder",
    "check_file_name",
    "check_output_folder",
    "check_output_location",
    "output_lock",
    "remove_own_scratch",
    "remove_stale_scratch",
    "remove_stale_temporaries",
    "scratch_prefix",
    "stage_file",
    "umask",
    "write_file_atomic",
]

#: Longest file name (UTF-8 bytes) accepted for an output: 255 (Linux, Windows) less room for the hidden
#: temporary names ``.<name>.tmp-<pid>-XXXXXXXX`` written beside it.
MAX_NAME_BYTES = 200
#: Name start of the empty file :func:`check_output_location` writes and removes to test a folder
#: (followed by ``<pid>-``, so that a later run can tell a killed run's probe from a live one's).
PROBE_PREFIX = ".siting-probe-"

#: Free space below which a failed write is reported as a full file system.
_FULL_BYTES = 1_000_000

_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{d}{i}" for d in ("COM", "LPT") for i in range(1, 10)]
)
_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


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
    if not _exists(out):
        check_file_name(out.name, f"{option} {out}: the folder name", hidden_ok=True)
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


def _exists(path: Path) -> bool:
    """Whether ``path`` exists (or is a broken link); False for a name the system refuses (too long)."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False


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

    They are the hidden ``.<name>.tmp-<pid>-*`` and ``.<name>.old-<pid>-*`` folders beside ``out_dir``, and
    the write probes ``.siting-probe-<pid>-*`` of :func:`check_output_location` (a run killed while its
    probe existed).  One whose owner process is still running belongs to a live run and is kept.
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
    for probe in sorted(out.parent.glob(f"{PROBE_PREFIX}*")):
        owner = probe.name[len(PROBE_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not _pid_alive(int(owner)) and probe.is_file() and not probe.is_symlink():
            probe.unlink(missing_ok=True)
            removed.append(probe)
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
    check_output_location(out, option="--out")
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
    try:
        yield tmp
        tmp.chmod(0o777 & ~umask())
        _move_into_place(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _write_error(out, exc) from exc
    except Exception as exc:
        # a writer's own error (GDAL/SQLite: "database or disk is full") on a file system that is full
        full = not isinstance(exc, InputDataError) and shutil.disk_usage(tmp).free < _FULL_BYTES
        shutil.rmtree(tmp, ignore_errors=True)
        if full:
            raise _write_error(out, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))) from exc
        raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def check_file_name(name: str, what: str, *, hidden_ok: bool = False) -> None:
    """Raise :class:`InputDataError` when ``name`` cannot name a file on both Windows and Linux.

    ``what`` says where the name comes from and how to change it (e.g. ``"scenario name (name = ... in
    s.toml)"``).  Refused: an empty name, ``.`` and ``..``, a leading dot (hidden file), the characters
    ``< > : " / \\ | ? *`` and control characters, a trailing dot or space, Windows device names (``CON``,
    ``NUL``, ``COM1`` …) and names longer than :data:`MAX_NAME_BYTES` UTF-8 bytes.
    """
    problem = ""
    if not name or name.strip() == "":
        problem = "is empty"
    elif name in (".", "..") or (name.startswith(".") and not hidden_ok):
        problem = "starts with a dot (a hidden file)"
    elif bad := sorted(set(_BAD_CHARS.findall(name))):
        shown = " ".join(repr(c) for c in bad)
        problem = f"contains {shown}, not allowed in file names on Windows or Linux"
    elif name[-1] in ". ":
        problem = "ends with a dot or a space (not allowed on Windows)"
    elif name.split(".")[0].upper() in _WINDOWS_RESERVED:
        problem = "is a Windows device name"
    elif len(name.encode("utf-8")) > MAX_NAME_BYTES:
        problem = f"is {len(name.encode('utf-8'))} bytes long; file names may have at most {MAX_NAME_BYTES}"
    if problem:
        raise InputDataError(f"{what} {name!r} {problem}; choose a short name of letters, digits, - and _.")


def check_output_location(
    path: str | os.PathLike[str], *, option: str, estimate_bytes: int = 0, check_name: bool = True
) -> None:
    """Raise :class:`InputDataError` (naming ``option`` and the fix) when ``path`` cannot be created.

    Checked before any work: every missing part of the path has a valid name (:func:`check_file_name`;
    only the last part with ``check_name``), the nearest existing folder above it is a folder, can be
    written (a probe file is created and removed) and has ``estimate_bytes`` free.
    """
    target = Path(path).absolute()
    missing: list[str] = []
    base = target
    while not _exists(base) and base != base.parent:
        missing.append(base.name)
        base = base.parent
    if base == target:
        base = target.parent  # the path exists: it is replaced inside its parent
    for i, part in enumerate(missing):
        if i > 0 or check_name:
            check_file_name(part, f"{option} {target}: the name", hidden_ok=True)
    if not base.is_dir():
        raise InputDataError(f"{option} {target}: {base} is a file, not a folder; choose another {option}.")
    try:
        fd, probe = tempfile.mkstemp(prefix=f"{PROBE_PREFIX}{os.getpid()}-", dir=base)
        os.close(fd)
        Path(probe).unlink()
    except OSError as exc:
        raise InputDataError(
            f"{option} {target}: cannot write in {base} ({exc.strerror}); choose a folder you can write to."
        ) from exc
    free = shutil.disk_usage(base).free
    if free < estimate_bytes:
        raise InputDataError(
            f"{option} {target}: only {free / 1e6:.1f} MB free in {base}, about "
            f"{estimate_bytes / 1e6:.0f} MB are needed; free some space or choose another {option}."
        )


@contextmanager
def output_lock(path: str | os.PathLike[str], *, option: str = "--out") -> Iterator[None]:
    """Hold a lock on the output ``path`` for the block; a second run on the same path fails at once.

    The lock is the file ``.<name>.lock`` beside ``path`` (:mod:`filelock`, released by the system when a
    process dies), removed when the block ends.
    """
    target = Path(path).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    lock = filelock.FileLock(lock_path, timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout as exc:
        raise InputDataError(
            f"{option} {target} is being written by another siting run (lock {lock_path}); wait for it to "
            f"finish or choose another {option}."
        ) from exc
    try:
        yield
    finally:
        lock_path.unlink(missing_ok=True)
        lock.release()


#: The kinds of scratch folder the planner makes in ``$TMPDIR`` (each named ``<kind>-<pid>-*``): OSM files
#: converted for osmnx, and HiGHS's log.  The command line removes its own on interruption and those of dead
#: runs at start, whatever the step the signal landed in.
SCRATCH_KINDS: tuple[str, ...] = ("siting-osm", "siting-highs")


def scratch_prefix(kind: str) -> str:
    """The prefix of this process's scratch folders in ``$TMPDIR``: ``<kind>-<pid>-``."""
    return f"{kind}-{os.getpid()}-"


def remove_stale_scratch(kind: str) -> list[Path]:
    """Delete the scratch folders ``$TMPDIR/<kind>-<pid>-*`` of processes that are gone; return them."""
    removed = []
    for stale in sorted(Path(tempfile.gettempdir()).glob(f"{kind}-*")):
        owner = stale.name[len(kind) + 1 :].split("-", 1)[0]
        if owner.isdigit() and not _pid_alive(int(owner)) and stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
            removed.append(stale)
    return removed


def remove_own_scratch(kind: str) -> list[Path]:
    """Delete this process's scratch folders ``$TMPDIR/<kind>-<own pid>-*``; return them.

    Called when a run is interrupted: a signal that lands while a scratch folder is being created (before its
    ``with`` block owns it) would otherwise leave it behind.
    """
    removed = []
    for own in sorted(Path(tempfile.gettempdir()).glob(f"{scratch_prefix(kind)}*")):
        if own.is_dir() and not own.is_symlink():
            shutil.rmtree(own, ignore_errors=True)
            removed.append(own)
    return removed


def stage_file(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to a hidden temporary file beside ``path`` and return it (renamed later by the caller).

    The folder of ``path`` is created.  The caller renames the file onto ``path`` once the rest of its
    output is in place, or deletes it on failure.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.chmod(0o666 & ~umask())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_error(out: Path, exc: OSError) -> InputDataError:
    """An output write that failed on the file system (full, read-only, no permission), as bad input."""
    hint = "free some space" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "check the folder"
    return InputDataError(
        f"could not write the output {out} ({exc.strerror or exc}); nothing was written: {hint} or choose "
        "another --out."
    )
