"""Getting the MNIST files: the public mirrors, the canonical checksums, and a safe download (chapter 1).

`nnbook.mnist.load` calls `fetch` only for files missing from the per-user
cache folder (`cache_dir`). Each download is written to a temporary file and
renamed into place only once its SHA-256 matches the published digest, so an
interrupted or corrupted download never leaves a file that looks valid.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import sys
import urllib.request
from pathlib import Path

NAMES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
# The published digests of the gzip files the mirrors serve, and of their contents
# (so a file you decompressed, or compressed again yourself, is still recognised).
SHA256_GZ = {
    "train-images-idx3-ubyte": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
SHA256_RAW = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
MIRRORS = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
]
_ALL_FILES = ", ".join(f"{n}.gz" for pair in NAMES.values() for n in pair)


class MNISTError(ValueError):
    """The MNIST files are missing, damaged, or not MNIST; the message says which file and what to do."""


def cache_dir() -> Path:
    """The per-user folder for downloaded files and decoded arrays.

    Returns:
        `$XDG_CACHE_HOME/nnbook/mnist`, or `~/.cache/nnbook/mnist` when `XDG_CACHE_HOME` is not set.
    """
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nnbook" / "mnist"


def fetch(name: str, folder: str | os.PathLike, mirrors: list[str] | None = None, timeout: float = 30) -> Path:
    """Download one MNIST file, trying each mirror in turn, and keep it only if its SHA-256 is right.

    The bytes go to a temporary file that is renamed only after the checksum
    matches, so an interrupted or corrupted download never leaves a file that looks valid.

    Args:
        name: The file's name without `.gz`, such as `"train-images-idx3-ubyte"`.
        folder: Where to put `name.gz`.
        mirrors: Base URLs to try, in order; default `MIRRORS`.
        timeout: Seconds to wait for a mirror that does not answer.

    Returns:
        The path of the verified file.

    Raises:
        MNISTError: If no mirror gives the right file; says where to put the files by hand.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise MNISTError(f"cannot create the download folder {folder} ({e}); set XDG_CACHE_HOME to a folder "
                         f"you can write to, or NNBOOK_DATA to a folder that has the four MNIST files.") from None
    target, tmp = folder / f"{name}.gz", folder / f".{name}.gz.part{os.getpid()}"
    failures = []
    for base in mirrors if mirrors is not None else MIRRORS:
        url = base + f"{name}.gz"
        try:
            digest = _download(url, tmp, timeout)
            if digest == SHA256_GZ[name]:
                os.replace(tmp, target)
                return target
            failures.append(f"{url}: checksum mismatch, expected SHA-256 {SHA256_GZ[name]}, got {digest}")
        except (OSError, http.client.HTTPException, ValueError) as e:
            failures.append(f"{url}: {e}")
        finally:
            tmp.unlink(missing_ok=True)
    raise MNISTError(
        f"could not download {name}.gz:\n  " + "\n  ".join(failures) + "\n"
        f"Without internet, copy the four files {_ALL_FILES} by hand into {folder} "
        f"(or into any folder, and set NNBOOK_DATA to that folder)."
    )


def _download(url: str, tmp: Path, timeout: float) -> str:
    """Stream `url` into `tmp`, showing progress on stderr; return the SHA-256 of what arrived."""
    digest, done = hashlib.sha256(), 0
    with urllib.request.urlopen(url, timeout=timeout) as response, open(tmp, "wb") as f:
        total = int(response.headers.get("Content-Length") or 0)
        print(f"downloading {url} ({total / 1e6:.1f} MB)", file=sys.stderr, flush=True)
        while chunk := response.read(1 << 16):
            f.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            if total and sys.stderr.isatty():
                print(f"\r  {100 * done // total:3d}% of {total / 1e6:.1f} MB", end="", file=sys.stderr, flush=True)
    if total and sys.stderr.isatty():
        print(file=sys.stderr)
    if total and done != total:
        raise OSError(f"the download stopped after {done} of {total} bytes")
    return digest.hexdigest()
