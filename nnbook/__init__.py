"""nnbook: the companion code of the book, one module per idea.

Every public name is listed in `__all__` and documented in the API reference.
"""

from ._version import __version__
from .activations import sigmoid, sigmoid_prime
from .backprop import backprop, backprop_example
from .cost import cost, cost_prime, example_costs, one_hot
from .descent import DivergenceError, accuracy, sgd, step
from .gradcheck import gradient_check, numerical_gradient
from .landscape import gradient, line, plane, random_direction
from .network import count_knobs, flatten, forward, forward_all, init_knobs, sizes_of, unflatten
from .neuron import neuron

__all__ = [
    "DivergenceError",
    "accuracy",
    "backprop",
    "backprop_example",
    "cost",
    "cost_prime",
    "count_knobs",
    "example_costs",
    "flatten",
    "forward",
    "forward_all",
    "gradient",
    "gradient_check",
    "init_knobs",
    "line",
    "neuron",
    "numerical_gradient",
    "one_hot",
    "plane",
    "random_direction",
    "sgd",
    "sigmoid",
    "sigmoid_prime",
    "sizes_of",
    "step",
    "unflatten",
]
