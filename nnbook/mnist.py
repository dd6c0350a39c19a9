"""MNIST: 70,000 handwritten digits, read from the four canonical IDX files (chapters 1, 5, 10).

Where the files come from: the folder given as `path`, else the folder named
by the environment variable `NNBOOK_DATA`, else the per-user cache folder
(`$XDG_CACHE_HOME/nnbook/mnist`, by default `~/.cache/nnbook/mnist`). Only the
cache folder is filled by downloading: a missing file there is fetched from
the public mirrors in `MIRRORS`, one after the other, and kept only once its
SHA-256 matches the canonical one. A folder you name yourself is never
written to, so a typo in it gives a clear error, not an 11 MB download.

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
import http.client
import os
import sys
import urllib.request
import warnings
import zlib
from pathlib import Path

import numpy as np
import numpy.typing as npt

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
            f"It is not an MNIST {'image' if ndim == 3 else 'label'} file. {_FIX}"
        )
    header = 4 + 4 * ndim
    if len(data) < header:
        raise MNISTError(f"{name} is truncated: it ends inside its header ({len(data)} bytes). {_FIX}")
    shape = tuple(int(d) for d in np.frombuffer(data, ">u4", count=ndim, offset=4))
    size = int(np.prod(shape))
    if len(data) - header != size:
        what = "truncated" if len(data) - header < size else "longer than its header says"
        raise MNISTError(
            f"{name} is {what}: its header promises {shape} = {size} bytes of data, but it has "
            f"{len(data) - header}. {_FIX}"
        )
    return np.frombuffer(data, np.uint8, offset=header).reshape(shape)


def _gunzip(data: bytes, name: str) -> bytes:
    """The bytes themselves, or decompressed if they are gzip (recognised by their first two bytes)."""
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as e:
        raise MNISTError(f"{name} is a damaged gzip file ({e}): probably a truncated download. {_FIX}") from None


_FIX = "Delete the file and load again to download a fresh copy, or replace it with the canonical one."


def _find(folder: Path, name: str) -> Path | None:
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    return None


def _locate(split: str, path, download: bool) -> list[Path]:
    """The two files (images, labels) of a split, downloading them into the cache if needed."""
    if path is not None or os.environ.get("NNBOOK_DATA"):
        folder = Path(path if path is not None else os.environ["NNBOOK_DATA"])
        source = "the path argument" if path is not None else "$NNBOOK_DATA"
        files = [_find(folder, name) for name in NAMES[split]]
        missing = [f"{name}.gz" for name, f in zip(NAMES[split], files) if f is None]
        if missing:
            raise MNISTError(
                f"MNIST file(s) {', '.join(missing)} not found in {folder} (the folder given by {source}). "
                f"Put the four files {_ALL_FILES} there (compressed or not), or leave {source} unset "
                f"to download them to {cache_dir()}."
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


def _decode(split: str, files: list[Path], verify: bool) -> tuple[np.ndarray, np.ndarray]:
    """Read, verify and check the two files of a split: images (n, 784) and labels (n,), uint8."""
    arrays = []
    for name, file, ndim in zip(NAMES[split], files, (3, 1)):
        raw = _gunzip(file.read_bytes(), str(file))
        if verify:
            actual = hashlib.sha256(raw).hexdigest()
            if actual != SHA256_RAW[name]:
                raise MNISTError(
                    f"{file} is not the canonical MNIST file: the SHA-256 of its contents is {actual}, "
                    f"expected {SHA256_RAW[name]}. {_FIX} (nnbook.mnist.load(..., verify=False) skips this check.)"
                )
        arrays.append(read_idx(raw, str(file), ndim))
    images, labels = arrays
    if images.shape[1:] != (28, 28):
        raise MNISTError(f"{files[0]} holds images of {images.shape[1]}x{images.shape[2]} pixels; MNIST's are 28x28.")
    if images.shape[0] != labels.shape[0]:
        raise MNISTError(
            f"{files[0]} has {images.shape[0]} images but {files[1]} has {labels.shape[0]} labels: "
            f"they must be a matching pair (one label per image)."
        )
    if labels.size and labels.max() > 9:
        bad = int(np.argmax(labels > 9))
        raise MNISTError(f"{files[1]}: label number {bad} is {labels[bad]}, but labels are digits 0..9. {_FIX}")
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
        for array, f in zip((images, labels), cached):
            tmp = f.with_name(f".{f.name}.part{os.getpid()}")
            with open(tmp, "wb") as out:
                np.save(out, array, allow_pickle=False)
            os.replace(tmp, f)
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
