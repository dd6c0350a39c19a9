"""The `predict` command of `python -m nnbook`: read digits from files, and say what a trained network sees."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import record as _record
from .network import sizes_of


class FileProblem(ValueError):
    """A file named on the command line is missing, unreadable or not what was needed (exit status 1, not 2)."""


def _others(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    """The names of the files in `folder` that end in one of `suffixes`, sorted; none if it is not a folder."""
    try:
        return sorted(f.name for f in folder.iterdir() if f.suffix.lower() in suffixes and f.is_file())
    except OSError:
        return []


def _missing(file: Path, what: str, suffixes: tuple[str, ...], otherwise: str, option: str) -> str:
    """`file` does not exist: say so, and name the files of its kind that are there, or `otherwise`."""
    folder = file.parent
    shown = "the current folder" if str(folder) == "." else f"{folder}"
    if not folder.is_dir():
        return f"{file} does not exist: there is no folder {folder}. {otherwise}"
    there = _others(folder, suffixes)
    kinds = " or ".join(suffixes)
    if not there:
        return f"{file} does not exist, and {shown} has no {kinds} file. {otherwise}"
    names = ", ".join(there[:10]) + (f" and {len(there) - 10} more" if len(there) > 10 else "")
    return f"{file} does not exist. {what} in {shown}: {names}; give one with {option}."


def _knobs(path: Path) -> list:
    """The network saved in `path`, or a FileProblem that names the networks there are."""
    if not path.exists():
        raise FileProblem(_missing(path, "The saved networks (.npz)", (".npz",),
                                   f"Train a network first: python -m nnbook train --knobs {path}", "--knobs"))
    try:
        return _record.load_knobs(path)
    except ValueError as e:
        raise FileProblem(str(e)) from None


def read_images(file: Path, invert: bool = False) -> np.ndarray:
    """Read digits from a `.png` or `.npy` file as columns of 784 values in 0..1, like MNIST's.

    Args:
        file: A 28x28 `.png` (grey or colour), or a `.npy` of shape `(784,)`, `(28, 28)`,
            `(n, 784)` or `(n, 28, 28)`.
        invert: Turn dark ink on light paper into MNIST's light digit on a dark background.

    Returns:
        Images of shape `(784, n)`.
    """
    kind = file.suffix.lower()
    if kind not in (".npy", ".png"):
        raise ValueError(f"{file}: give a .png or .npy file.")
    try:
        if kind == ".npy":
            a = np.load(file, allow_pickle=False).astype(np.float64)
        else:
            import matplotlib.image

            a = matplotlib.image.imread(file).astype(np.float64)  # (28, 28) or (28, 28, 3 or 4), values 0..1
    except Exception as e:  # noqa: BLE001 - numpy and Pillow raise several kinds (Pillow a SyntaxError)
        # numpy's own message suggests allow_pickle, which would run code from the file: never repeat it
        why = "it is not a .npy file of plain numbers, as numpy.save writes" if kind == ".npy" else f"{e}"
        raise ValueError(f"{file} cannot be read: {why}.") from None
    if kind == ".png" and a.ndim == 3:
        a = a[..., :3].mean(axis=2)
    if a.size % 784 or a.shape[-1] not in (28, 784):
        raise ValueError(f"{file}: expected 28x28 pixels (784 values) per digit; got an array of shape {a.shape}.")
    a = a.reshape(-1, 784).T
    low, high = float(a.min()), float(a.max())
    if not (0 <= low and high <= 255):
        raise ValueError(f"{file}: its values run from {low:g} to {high:g}; pixels must be in 0..1 "
                         "(or grey levels 0..255). Rescale the image to one of those ranges.")
    if high > 1:
        a = a / 255
    return 1 - a if invert else a


def predict(args) -> None:
    """`python -m nnbook predict`: print what a trained network sees in test digits or image files."""
    if not args.index and not args.image:
        raise ValueError("nothing to classify: give --index with test-set positions and/or --image with files.")
    # The files first, before any data is loaded: a typo in a name costs nothing.
    for file in args.image:
        if not file.is_file():
            raise FileProblem(f"{file} is a folder; give an image file in it." if file.is_dir() else _missing(
                file, "The images (.png, .npy)", (".png", ".npy"), "Give a .png or .npy file that exists.", "--image"))
    images = []
    for file in args.image:
        try:
            images.append(read_images(file, args.invert))
        except (ValueError, OSError) as e:
            raise FileProblem(str(e)) from None
    knobs = _knobs(args.knobs)
    sizes = sizes_of(knobs)
    if sizes[0] != 784 or sizes[-1] != 10:
        raise FileProblem(f"{args.knobs} is a network of sizes {sizes}; predict needs one that takes 784 pixels "
                          "and ends in 10 outputs, one per digit, as 'python -m nnbook train' makes.")
    items = []
    if args.index:
        from .mnist import load

        X, labels = load("test", args.data, verify=not args.not_mnist)
        bad = [i for i in args.index if not 0 <= i < labels.size]
        if bad:
            raise ValueError(f"--index {bad[0]} is outside the test set, whose positions are 0..{labels.size - 1}.")
        items += [(f"test[{i}]", X[:, i], int(labels[i])) for i in args.index]
    for file, stack in zip(args.image, images):
        many = stack.shape[1] > 1
        items += [(f"{file}[{k}]" if many else str(file), stack[:, k], None) for k in range(stack.shape[1])]
    from .network import forward

    outputs = forward(knobs, np.stack([x for _, x, _ in items], axis=1).astype(knobs[0][0].dtype))  # (10, n)
    for (name, _, label), a in zip(items, outputs.T):
        guess = int(np.argmax(a))
        verdict = "" if label is None else f"  label {label}  {'right' if guess == label else 'WRONG'}"
        print(f"{name}: guess {guess}{verdict}  outputs {' '.join(f'{v:.2f}' for v in a)}")
