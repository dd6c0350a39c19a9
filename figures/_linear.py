"""Chapter 5's well-trained linear rule: a 784-to-10 softmax classifier, no hidden layer, trained with plain SGD.

    python -m figures._linear      # about half a minute on 2 cores; writes figures/data/ch05_linear.json

Exercise 5.4 fits the best *least-squares* linear rule in one solve. Least
squares is best at squared error, not at reading digits; this is the same
shape of rule (one weighted sum plus a bias per digit, the brightest sum wins)
trained for accuracy the usual way: softmax outputs, the cross-entropy cost,
plain stochastic gradient descent, weights started at zero. The record holds
the settings and the test accuracy after each epoch, nothing else drawn from
MNIST. tests/test_chapter_05.py reruns it and checks the rerun in a band.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

from nnbook import mnist
from nnbook.cost import one_hot
from nnbook.further import softmax

from ._style import DATA, SEED

RECORD = DATA / "ch05_linear.json"
SETTINGS = {"epochs": 10, "batch_size": 32, "eta": 0.5, "seed": SEED, "start": "zeros",
            "cost": "cross-entropy", "output": "softmax", "dtype": "float64"}


def train(images: np.ndarray, labels: np.ndarray, test_images: np.ndarray, test_labels: np.ndarray,
          epochs: int = SETTINGS["epochs"], batch_size: int = SETTINGS["batch_size"], eta: float = SETTINGS["eta"],
          seed: int = SETTINGS["seed"]) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """W (10, 784) and b (10, 1) of a softmax classifier after `epochs` of plain SGD; the test accuracy after each."""
    rng = np.random.default_rng(seed)
    X, Y = images.astype(np.float64), one_hot(labels)
    W, b = np.zeros((10, X.shape[0])), np.zeros((10, 1))
    accuracies = []
    for _ in range(epochs):
        order = rng.permutation(X.shape[1])
        for start in range(0, X.shape[1], batch_size):
            batch = order[start:start + batch_size]
            x, y = X[:, batch], Y[:, batch]
            delta = softmax(W @ x + b) - y  # the slope of the cross-entropy cost in z, one column per digit
            W -= eta * (delta @ x.T) / batch.size
            b -= eta * delta.mean(axis=1, keepdims=True)
        accuracies.append(float(np.mean((W @ test_images + b).argmax(axis=0) == test_labels)))
    return W, b, accuracies


def rerun() -> dict:
    images, labels = mnist.load("train")
    test_images, test_labels = mnist.load("test")
    _, _, accuracies = train(images, labels, test_images, test_labels)
    record = {"settings": SETTINGS, "train_examples": int(labels.size), "test_examples": int(test_labels.size),
              "test_accuracy_by_epoch": accuracies, "final_test_accuracy": accuracies[-1],
              "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "")}
    tmp = RECORD.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    tmp.replace(RECORD)  # never a half-written record
    return record


def record() -> dict:
    return json.loads(RECORD.read_text(encoding="utf-8"))


if __name__ == "__main__":
    result = rerun()
    print(f"softmax linear rule, {result['settings']['epochs']} epochs: "
          f"{result['final_test_accuracy']:.2%} of the test digits", file=sys.stderr)
