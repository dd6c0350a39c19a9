"""The network: its knobs, a list of `(W, b)` pairs, one per layer after the input; its forward pass; and the
knobs as one long vector (chapters 1, 2, 4, 6). Everything else is a function of the knobs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy.typing as npt

# --8<-- [start:imports]
import numpy as np

from nnbook.activations import sigmoid
from nnbook.checks import as_input
# --8<-- [end:imports]
from nnbook.checks import as_knob_vector, check_float_dtype, check_knobs, check_positive, check_sizes

Knobs = list[tuple[np.ndarray, np.ndarray]]


def init_knobs(
    sizes: Sequence[int], rng: int | np.random.Generator = 0, dtype: npt.DTypeLike = np.float64, scale: float = 1.0
) -> Knobs:
    r"""Random starting knobs for a network with the given layer sizes.

    $$W_{jk} \sim \mathcal{N}\Bigl(0, \frac{s^2}{n_\text{in}}\Bigr), \qquad b_j \sim \mathcal{N}(0, 1)$$

    Dividing by $\sqrt{n_\text{in}}$ keeps each weighted sum near the sigmoid's steep middle, whatever $n_\text{in}$.

    Args:
        sizes: Neurons per layer, input first, such as `[784, 16, 16, 10]`.
        rng: A seed or a `numpy.random.Generator`; the same seed gives the same knobs.
        dtype: `numpy.float64` for checks, `numpy.float32` for fast training.
        scale: The factor $s$ on the weights' spread.

    Returns:
        Knobs: a list of `(W, b)` pairs, `W` of shape `(n_out, n_in)`, `b` of shape `(n_out, 1)`.

    Chapter 4, *Thirteen thousand knobs*.
    """
    sizes, scale, _ = check_sizes(sizes), check_positive(scale, "scale"), check_float_dtype(dtype)
    rng, knobs = np.random.default_rng(rng), []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W = rng.standard_normal((n_out, n_in)) * (scale / np.sqrt(n_in))
        b = rng.standard_normal((n_out, 1))
        knobs.append((W.astype(dtype), b.astype(dtype)))
    return knobs


def sizes_of(knobs: Knobs) -> list[int]:
    """The layer sizes of a network, input first, such as `[784, 16, 16, 10]`.

    Raises:
        ValueError: If the `W` and `b` shapes do not fit together layer to layer (TypeError if not `(W, b)` pairs).

    Chapter 4, *Thirteen thousand knobs*.
    """
    return check_knobs(knobs)


def count_knobs(sizes: Sequence[int]) -> int:
    r"""How many weights and biases a network with these layer sizes has: $\sum_{l} (n_{l-1} n_l + n_l)$.

    Returns:
        The number of knobs: 13,002 for `sizes` `[784, 16, 16, 10]` (neurons per layer, input first).

    Chapter 4, *Thirteen thousand knobs*.
    """
    sizes = check_sizes(sizes)
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


# --8<-- [start:forward]
def forward(knobs: list[tuple[np.ndarray, np.ndarray]], a: np.ndarray) -> np.ndarray:
    """Push inputs through the network and return its output.

    Args:
        knobs: The network's (W, b) pairs.
        a: Inputs, shape (784, 1) for one example, (784, m) for m.

    Returns:
        Outputs, shape (10, 1) or (10, m): one column per example.
    """
    a = as_input(knobs, a)  # a clear error for a wrong shape
    for W, b in knobs:
        # (n_out, n_in) @ (n_in, m) + (n_out, 1) -> (n_out, m)
        a = sigmoid(W @ a + b)
    return a
# --8<-- [end:forward]


def forward_all(knobs: Knobs, a: npt.ArrayLike, output: Callable = sigmoid) -> tuple[list[np.ndarray], list[np.ndarray]]:
    r"""The forward pass, keeping every layer's weighted inputs and activations.

    $$z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}, \qquad a^{(l)} = \sigma(z^{(l)})$$

    Args:
        knobs: The network's `(W, b)` pairs, one per layer after the input.
        a: Inputs, shape `(n_0, m)`.
        output: The last layer's activation: the sigmoid, or chapter 11's `nnbook.further.softmax`.

    Returns:
        `(zs, activations)`: `zs[l]` of shape `(n_{l+1}, m)`; `activations[0]` is the input, `activations[-1]` the output.

    Chapter 2, *Layers of neurons*.
    """
    return layers(knobs, as_input(knobs, a), output)


def layers(knobs: Knobs, a: np.ndarray, output: Callable = sigmoid) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """`forward_all`'s work on an input already checked (`nnbook.sgd` checks its data once, not every mini-batch)."""
    zs, activations = [], [a]
    for l, (W, b) in enumerate(knobs, start=1):
        z = W @ a + b
        a = output(z) if l == len(knobs) else sigmoid(z)
        zs.append(z)
        activations.append(a)
    return zs, activations


def flatten(knobs: Knobs) -> np.ndarray:
    r"""All the knobs as one long vector $\theta = (W^{(1)}, b^{(1)}, \dots, W^{(L)}, b^{(L)})$: a point in knob space.

    Returns:
        A vector of length `count_knobs(sizes)`: each layer's `W` row by row, then its `b`.

    Chapter 6, *The cost landscape*.
    """
    return np.concatenate([p.ravel() for W, b in knobs for p in (W, b)])


def unflatten(vector: npt.ArrayLike, sizes: Sequence[int]) -> Knobs:
    """The inverse of `flatten`: cut a long vector back into `(W, b)` pairs.

    Args:
        vector: A vector of length `count_knobs(sizes)`.
        sizes: Neurons per layer, input first.

    Returns:
        Knobs with `W` of shape `(n_out, n_in)` and `b` of shape `(n_out, 1)` (copies).

    Chapter 6, *The cost landscape*.
    """
    sizes = check_sizes(sizes)
    vector = as_knob_vector(vector, sizes, count_knobs(sizes))
    knobs, start = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W, b = np.split(vector[start : start + n_out * (n_in + 1)], [n_out * n_in])
        knobs.append((W.reshape(n_out, n_in).copy(), b.reshape(n_out, 1).copy()))
        start += n_out * (n_in + 1)
    return knobs
