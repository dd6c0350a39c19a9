"""The MNIST files behind `nnbook.mnist.load`: finding them, checking them, and the cache of decoded arrays.

The first load of a split checks the files' contents against the canonical
SHA-256 digests and decodes them; the decoded bytes are then kept as `.npy`
files in the cache folder, keyed by the source files' location, size and
modification time, so later loads skip gunzip and the checksums and take a
small fraction of a second. No pickle is used anywhere.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ._atomic import write_atomically
from .download import _ALL_FILES, NAMES, SHA256_RAW, MNISTError, cache_dir, fetch


def gunzip(data: bytes, name: str) -> bytes:
    """The bytes themselves, or decompressed if they are gzip (recognised by their first two bytes)."""
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as e:
        raise MNISTError(f"{name} is a damaged gzip file ({e}): probably a truncated download. {fix(name)}") from None


def fix(file: str | Path) -> str:
    """What to do about a bad file: in the cache folder, download it again; in a folder of yours, replace it."""
    if Path(file).parent == cache_dir():
        return "Delete it and load again to download a fresh copy."
    return "Replace it with an undamaged copy."


def _find(folder: Path, name: str) -> Path | None:
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    return None


def locate(split: str, path, download: bool) -> list[Path]:
    """The two files (images, labels) of a split, downloading them into the cache if needed."""
    if path is not None or os.environ.get("NNBOOK_DATA"):
        folder = Path(path if path is not None else os.environ["NNBOOK_DATA"])
        source = "the folder you gave" if path is not None else "the folder $NNBOOK_DATA names"
        unset = "give no folder" if path is not None else "unset NNBOOK_DATA"
        files = [_find(folder, name) for name in NAMES[split]]
        missing = [f"{name}.gz" for name, f in zip(NAMES[split], files) if f is None]
        if missing:
            where = f"{folder} ({source}) does not exist" if not folder.is_dir() else (
                f"{', '.join(missing)} not found in {folder} ({source})")
            raise MNISTError(
                f"{where}. Put the four files {_ALL_FILES} there (compressed or not), or {unset} "
                f"to download MNIST to {cache_dir()}."
            )
        return files
    folder = cache_dir()
    files = []
    for name in NAMES[split]:
        found = _find(folder, name)
        if found is None and not download:
            raise MNISTError(f"{name}.gz is not in {folder} and download=False.")
        files.append(found or fetch(name, folder))
    return files


def verify_contents(raw: bytes, file: Path, name: str) -> None:
    """Raise unless the (decompressed) contents of `file` are the canonical MNIST file `name`."""
    actual = hashlib.sha256(raw).hexdigest()
    if actual != SHA256_RAW[name]:
        what_to_do = fix(file) if file.parent == cache_dir() else (
            "If it is other data in MNIST's IDX format (Fashion-MNIST, your own digits), load it with "
            "nnbook.mnist.load(..., verify=False), or --not-mnist on the command line; "
            "if it should be MNIST, replace it with the canonical file.")
        raise MNISTError(f"{file} is not the canonical MNIST file: the SHA-256 of its contents is {actual}, "
                         f"expected {SHA256_RAW[name]}. {what_to_do}")


def check_pair(images: np.ndarray, labels: np.ndarray, files: list[Path]) -> None:
    """Raise unless the images are 28x28, one per label, and the labels are digits."""
    if images.shape[1:] != (28, 28):
        raise MNISTError(f"{files[0]} holds images of {images.shape[1]}x{images.shape[2]} pixels; nnbook needs 28x28, like MNIST's.")
    if images.shape[0] != labels.shape[0]:
        raise MNISTError(
            f"{files[0]} has {images.shape[0]} images but {files[1]} has {labels.shape[0]} labels: "
            f"they must be a matching pair (one label per image)."
        )
    if labels.size and labels.max() > 9:
        bad = int(np.argmax(labels > 9))
        raise MNISTError(f"{files[1]}: label number {bad} is {labels[bad]}, but labels are digits 0..9. {fix(files[1])}")


def cached(split: str, files: list[Path], verify: bool,
           decode: Callable[[str, list[Path], bool], tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Decoded uint8 arrays of a split from the cache, calling `decode` and caching what it returns on a miss."""
    stats = [(str(f.resolve()), f.stat().st_size, f.stat().st_mtime_ns) for f in files]
    key = hashlib.sha256(repr((stats, verify)).encode()).hexdigest()[:16]
    folder = cache_dir() / "decoded"
    arrays = [folder / f"{split}-{kind}-{key}.npy" for kind in ("images", "labels")]
    try:
        images, labels = (np.load(f, allow_pickle=False) for f in arrays)
        if images.dtype == labels.dtype == np.uint8 and images.shape == (labels.size, 784):
            return images, labels
    except (OSError, ValueError, EOFError):
        pass  # missing or damaged: decode again below
    images, labels = decode(split, files, verify)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{split}-*.npy"):  # copies of files that have since changed
            old.unlink(missing_ok=True)
        for array, f in zip((images, labels), arrays):  # a failed write leaves no temporary file behind
            write_atomically(f, "the decoded arrays", lambda out, a=array: np.save(out, a, allow_pickle=False))
    except OSError as e:
        warnings.warn(f"could not cache the decoded MNIST arrays in {folder} ({e}); loading will stay slower.",
                      stacklevel=3)
    return images, labels
