"""Writing a file all at once or not at all: the record, the trained knobs, the decoded MNIST cache."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomically(path: str | os.PathLike, what: str, write) -> None:
    """Call `write` on a temporary file in `path`'s folder, then rename it to `path`.

    Whatever goes wrong (a full disk, a folder in the way, Ctrl-C), the
    temporary file is removed and the error names `path`, not the temporary file.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # same folder, so the rename is atomic
    try:
        with open(tmp, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise OSError(f"could not write {what} to {path}: {e.strerror or e}") from None
        raise
