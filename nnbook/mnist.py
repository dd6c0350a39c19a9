"""MNIST: 70,000 handwritten digits, read from the four canonical IDX files (chapters 1, 5, 10).

Where the files come from: the folder given as `path`, else the folder named
by the environment variable `NNBOOK_DATA`, else the per-user cache folder
(`$XDG_CACHE_HOME/nnbook/mnist`, by default `~/.cache/nnbook/mnist`). Only the
cache folder is filled by downloading (`nnbook.download.fetch`): a missing
file there is fetched from the public mirrors, one after the other, and kept
only once its SHA-256 matches the canonical one. A folder you name yourself
is never written to, so a typo in it gives a clear error, not an 11 MB
download.

Each file may be gzip-compressed (`.gz`, as the mirrors serve it) or not. The
first load of a split checks the files' contents against the canonical
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
from pathlib import Path

import numpy as np
import numpy.typing as npt

# Where the files come from and how they are checked is nnbook.download; MNISTError and
# cache_dir are imported here too, so that `from nnbook.mnist import MNISTError` works.
from .download import _ALL_FILES, NAMES, SHA256_RAW, MNISTError, cache_dir, fetch
from .record import _write_atomically


def read_idx(data: bytes, name: str, ndim: int) -> np.ndarray:
    """Decode one IDX file of unsigned bytes (gzip-compressed or not).

    The format: two zero bytes, the type code 0x08 (unsigned byte), the number
    of dimensions, each dimension as a big-endian 32-bit integer, then the data.

    Args:
        data: The file's bytes.
        name: The file's name, for error messages.
        ndim: The number of dimensions expected (3 for images, 1 for labels).

    Returns:
        A read-only uint8 array with the header's shape.

    Raises:
        MNISTError: For a damaged gzip stream, a wrong magic number, a wrong number of
            dimensions, or a file shorter or longer than its header says.
    """
    data = _gunzip(data, name)
    expected = bytes([0, 0, 8, ndim])
    if data[:4] != expected:
        raise MNISTError(
            f"{name} does not start with the IDX magic number {expected.hex(' ')} "
            f"({'images' if ndim == 3 else 'labels'}); it starts with {data[:4].hex(' ') or 'nothing'}. "
            f"It is not an IDX {'image' if ndim == 3 else 'label'} file like MNIST's. {_fix(name)}"
        )
    header = 4 + 4 * ndim
    if len(data) < header:
        raise MNISTError(f"{name} is truncated: it ends inside its header ({len(data)} bytes). {_fix(name)}")
    shape = tuple(int(d) for d in np.frombuffer(data, ">u4", count=ndim, offset=4))
    size = int(np.prod(shape))
    if len(data) - header != size:
        what = "truncated" if len(data) - header < size else "longer than its header says"
        raise MNISTError(
            f"{name} is {what}: its header promises {shape} = {size} bytes of data, but it has "
            f"{len(data) - header}. {_fix(name)}"
        )
    return np.frombuffer(data, np.uint8, offset=header).reshape(shape)


def _gunzip(data: bytes, name: str) -> bytes:
    """The bytes themselves, or decompressed if they are gzip (recognised by their first two bytes)."""
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as e:
        raise MNISTError(f"{name} is a damaged gzip file ({e}): probably a truncated download. {_fix(name)}") from None


def _fix(file: str | Path) -> str:
    """What to do about a bad file: in the cache folder, download it again; in a folder of yours, replace it."""
    if Path(file).parent == cache_dir():
        return "Delete it and load again to download a fresh copy."
    return "Replace it with an undamaged copy."


def _find(folder: Path, name: str) -> Path | None:
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    return None


def _locate(split: str, path, download: bool) -> list[Path]:
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


def _decode(split: str, files: list[Path], verify: bool) -> tuple[np.ndarray, np.ndarray]:
    """Read, verify and check the two files of a split: images (n, 784) and labels (n,), uint8."""
    arrays = []
    for name, file, ndim in zip(NAMES[split], files, (3, 1)):
        raw = _gunzip(file.read_bytes(), str(file))
        if verify:
            actual = hashlib.sha256(raw).hexdigest()
            if actual != SHA256_RAW[name]:
                fix = _fix(file) if file.parent == cache_dir() else (
                    "If it is other data in MNIST's IDX format (Fashion-MNIST, your own digits), load it with "
                    "nnbook.mnist.load(..., verify=False), or --not-mnist on the command line; "
                    "if it should be MNIST, replace it with the canonical file.")
                raise MNISTError(f"{file} is not the canonical MNIST file: the SHA-256 of its contents is {actual}, "
                                 f"expected {SHA256_RAW[name]}. {fix}")
        arrays.append(read_idx(raw, str(file), ndim))
    images, labels = arrays
    if images.shape[1:] != (28, 28):
        raise MNISTError(f"{files[0]} holds images of {images.shape[1]}x{images.shape[2]} pixels; nnbook needs 28x28, like MNIST's.")
    if images.shape[0] != labels.shape[0]:
        raise MNISTError(
            f"{files[0]} has {images.shape[0]} images but {files[1]} has {labels.shape[0]} labels: "
            f"they must be a matching pair (one label per image)."
        )
    if labels.size and labels.max() > 9:
        bad = int(np.argmax(labels > 9))
        raise MNISTError(f"{files[1]}: label number {bad} is {labels[bad]}, but labels are digits 0..9. {_fix(files[1])}")
    return images.reshape(-1, 784), labels


def _cached(split: str, files: list[Path], verify: bool) -> tuple[np.ndarray, np.ndarray]:
    """Decoded uint8 arrays of a split from the cache, decoding and caching them on a miss."""
    stats = [(str(f.resolve()), f.stat().st_size, f.stat().st_mtime_ns) for f in files]
    key = hashlib.sha256(repr((stats, verify)).encode()).hexdigest()[:16]
    folder = cache_dir() / "decoded"
    cached = [folder / f"{split}-{kind}-{key}.npy" for kind in ("images", "labels")]
    try:
        images, labels = (np.load(f, allow_pickle=False) for f in cached)
        if images.dtype == labels.dtype == np.uint8 and images.shape == (labels.size, 784):
            return images, labels
    except (OSError, ValueError, EOFError):
        pass  # missing or damaged: decode again below
    images, labels = _decode(split, files, verify)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{split}-*.npy"):  # copies of files that have since changed
            old.unlink(missing_ok=True)
        for array, f in zip((images, labels), cached):  # a failed write leaves no temporary file behind
            _write_atomically(f, "the decoded arrays", lambda out, a=array: np.save(out, a, allow_pickle=False))
    except OSError as e:
        warnings.warn(f"could not cache the decoded MNIST arrays in {folder} ({e}); loading will stay slower.",
                      stacklevel=3)
    return images, labels


def load(
    split: str = "train",
    path: str | os.PathLike | None = None,
    dtype: npt.DTypeLike = np.float32,
    *,
    verify: bool = True,
    cache: bool = True,
    download: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Load the MNIST training or test set.

    Args:
        split: `"train"` (60,000 digits) or `"test"` (10,000 digits).
        path: The folder with the four files; default `$NNBOOK_DATA`, else the cache folder.
        dtype: The float type of the images.
        verify: Check each file's contents against the canonical SHA-256.
        cache: Keep (and reuse) the decoded arrays in the cache folder.
        download: Download missing files into the cache folder (only when neither
            `path` nor `$NNBOOK_DATA` is given).

    Returns:
        images: Shape `(784, n)`, values in 0..1, one column per digit (its 28x28 pixels row by row).
        labels: Shape `(n,)`, the digits 0..9.

    Raises:
        MNISTError: If a file is missing and cannot be downloaded, or is damaged or not MNIST.

    Chapter 1, *A network is a function*.
    """
    if split not in NAMES:
        raise ValueError(f'split must be "train" or "test"; got {split!r}.')
    files = _locate(split, path, download)
    images, labels = _cached(split, files, verify) if cache else _decode(split, files, verify)
    out = images.astype(dtype)
    np.divide(out, out.dtype.type(255), out=out)
    # (n, 784) rows transposed: a (784, n) view whose columns are contiguous.
    return out.T, labels.astype(np.int64)


def split_validation(
    images: np.ndarray, labels: np.ndarray, n: int = 10_000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hold out `n` randomly chosen examples as a validation set, to tune settings without the test set.

    Args:
        images: Shape `(784, m)`, as `load` returns them.
        labels: Shape `(m,)`.
        n: How many examples to hold out.
        seed: Seeds the choice; the same seed holds out the same examples.

    Returns:
        images_train: Shape `(784, m - n)`, laid out like `load`'s.
        labels_train: Shape `(m - n,)`.
        images_val: Shape `(784, n)`: the held-out examples.
        labels_val: Shape `(n,)`.
    """
    m = labels.shape[0]
    if not 0 < n < m:
        raise ValueError(f"n must be between 1 and {m - 1} (the examples there are, minus one); got {n}.")
    order = np.random.default_rng(seed).permutation(m)
    rows = images.T  # (m, 784): whole rows are cheap to gather
    keep, held = order[: m - n], order[m - n :]
    return rows[keep].T, labels[keep], rows[held].T, labels[held]
