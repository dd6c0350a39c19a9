"""The `predict` command of `python -m nnbook`: read digits from files, and say what a trained network sees."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import record as _record
from .network import sizes_of


def read_images(file: Path, invert: bool = False) -> np.ndarray:
    """Read digits from a `.png` or `.npy` file as columns of 784 values in 0..1, like MNIST's.

    Args:
        file: A 28x28 `.png` (grey or colour), or a `.npy` of shape `(784,)`, `(28, 28)`,
            `(n, 784)` or `(n, 28, 28)`.
        invert: Turn dark ink on light paper into MNIST's light digit on a dark background.

    Returns:
        Images of shape `(784, n)`.
    """
    if file.suffix.lower() == ".npy":
        a = np.load(file, allow_pickle=False).astype(np.float64)
    elif file.suffix.lower() == ".png":
        import matplotlib.image

        a = matplotlib.image.imread(file).astype(np.float64)  # (28, 28) or (28, 28, 3 or 4), values 0..1
        if a.ndim == 3:
            a = a[..., :3].mean(axis=2)
    else:
        raise ValueError(f"{file}: give a .png or .npy file.")
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
    knobs = _record.load_knobs(args.knobs)
    sizes = sizes_of(knobs)
    if sizes[0] != 784 or sizes[-1] != 10:
        raise ValueError(f"{args.knobs} is a network of sizes {sizes}; predict needs one that takes 784 pixels "
                         "and ends in 10 outputs, one per digit, as 'python -m nnbook train' makes.")
    if not args.index and not args.image:
        raise ValueError("nothing to classify: give --index with test-set positions and/or --image with files.")
    items = []
    if args.index:
        from .mnist import load

        X, labels = load("test", args.data, verify=not args.not_mnist)
        bad = [i for i in args.index if not 0 <= i < labels.size]
        if bad:
            raise ValueError(f"--index {bad[0]} is outside the test set, whose positions are 0..{labels.size - 1}.")
        items += [(f"test[{i}]", X[:, i], int(labels[i])) for i in args.index]
    for file in args.image:
        images = read_images(file, args.invert)
        many = images.shape[1] > 1
        items += [(f"{file}[{k}]" if many else str(file), images[:, k], None) for k in range(images.shape[1])]
    from .network import forward

    outputs = forward(knobs, np.stack([x for _, x, _ in items], axis=1).astype(knobs[0][0].dtype))  # (10, n)
    for (name, _, label), a in zip(items, outputs.T):
        guess = int(np.argmax(a))
        verdict = "" if label is None else f"  label {label}  {'right' if guess == label else 'WRONG'}"
        print(f"{name}: guess {guess}{verdict}  outputs {' '.join(f'{v:.2f}' for v in a)}")
