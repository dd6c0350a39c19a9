"""The draw and train panels compute what nnbook computes.

docs/javascripts/nnbook-net.js is run in node (it is written to be importable
there) on real MNIST digits and compared with nnbook: the forward pass of both
networks the panels use on 1,000 test digits, one step of mini-batch SGD, and
the MNIST-style preprocessing of a drawing. The knob files the page reads must
be exactly what figures/panels.py makes from the records, and the build hook
that adds the digits must give MNIST's own bytes, or say clearly that they are
missing. Without node these tests skip with the reason, unless
NNBOOK_REQUIRE_BROWSER=1: then they fail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import nnbook
import nnbook.mnist

import book
from browser_support import unavailable

ROOT = Path(__file__).resolve().parent.parent
from figures import panels

hook = book.hook("digits")

JS = ROOT / "docs" / "javascripts" / "nnbook-net.js"
SIDE = 280  # the draw panel's canvas, in its own pixels


def node(tmp: Path, script: str) -> None:
    """Run `script` in node with `net` bound to nnbook-net.js, in the folder tmp."""
    exe = shutil.which("node")
    if exe is None:
        unavailable("node is missing (apt-get install nodejs): the JavaScript is tested in it")
    (tmp / "run.js").write_text(f"const net = require({json.dumps(str(JS))});\nconst fs = require('fs');\n{script}")
    result = subprocess.run([exe, "run.js"], cwd=tmp, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def as64(knobs):
    return [(W.astype(np.float64), b.astype(np.float64)) for W, b in knobs]


@pytest.fixture(scope="module")
def test_digits(mnist_path):
    X, labels = nnbook.mnist.load("test", path=mnist_path, dtype=np.float64)
    return X[:, :1000], labels[:1000]


def test_knob_files_are_what_the_records_give():
    for path, data in panels.contents().items():
        assert path.read_bytes() == data, f"{path.name} is stale: run `python -m figures panels`"
    # The untrained network is chapter 1's, the trained one chapter 10's, and they differ.
    flat = np.frombuffer(panels.UNTRAINED.read_bytes(), "<f8")
    assert np.array_equal(flat, nnbook.flatten(nnbook.init_knobs([784, 16, 16, 10], rng=0)))
    assert flat.size == np.frombuffer(panels.TRAINED.read_bytes(), "<f4").size == nnbook.count_knobs(panels.SIZES)


def test_forward_agrees_with_nnbook_on_1000_test_digits(tmp_path, test_digits):
    X, labels = test_digits
    X.T.astype("<f8").tofile(tmp_path / "x.f64")
    node(tmp_path, f"""
const x = new Float64Array(fs.readFileSync("x.f64").buffer.slice(0));
const nets = [
  net.fromFlat(new Float64Array(fs.readFileSync({json.dumps(str(panels.UNTRAINED))}).buffer.slice(0)), [784, 16, 16, 10]),
  net.fromFlat(new Float32Array(fs.readFileSync({json.dumps(str(panels.TRAINED))}).buffer.slice(0)), [784, 16, 16, 10]),
];
const out = [];
for (const n of nets) for (let i = 0; i < 1000; i++) out.push(...net.forward(n, x.subarray(784 * i, 784 * (i + 1))));
fs.writeFileSync("out.f64", new Float64Array(out));
""")
    out = np.fromfile(tmp_path / "out.f64", "<f8").reshape(2, 1000, 10)
    for name, knobs, js in (("untrained", panels.untrained(), out[0]), ("trained", panels.trained(), out[1])):
        expected = nnbook.forward(as64(knobs), X).T  # the trained knobs are float32; the page computes in float64
        assert np.max(np.abs(js - expected)) < 1e-6, name
    # In float32 as saved, nnbook reads the 1,000 digits the same way as the page does.
    assert np.array_equal(np.argmax(out[1], axis=1), np.argmax(nnbook.forward(panels.trained(), X.astype(np.float32)), axis=0))
    assert nnbook.accuracy(panels.trained(), X.astype(np.float32), labels) > 0.9


@pytest.mark.parametrize("eta, m", [(3.0, 10), (1.0, 32)])
def test_one_sgd_step_equals_nnbooks(tmp_path, mnist_path, eta, m):
    X, labels = nnbook.mnist.load("train", path=mnist_path, dtype=np.float64)
    Xb, yb = X[:, 100 : 100 + m], labels[100 : 100 + m]
    Xb.T.astype("<f8").tofile(tmp_path / "x.f64")
    yb.astype(np.uint8).tofile(tmp_path / "y.u8")
    node(tmp_path, f"""
const x = new Float64Array(fs.readFileSync("x.f64").buffer.slice(0));
const y = Array.from(fs.readFileSync("y.u8"));
const n = net.fromFlat(new Float64Array(fs.readFileSync({json.dumps(str(panels.UNTRAINED))}).buffer.slice(0)), [784, 16, 16, 10]);
const xs = y.map((_, i) => x.subarray(784 * i, 784 * (i + 1)));
const cost = net.sgdStep(n, xs, y, {eta});
fs.writeFileSync("after.f64", net.toFlat(n));
fs.writeFileSync("cost.json", JSON.stringify(cost));
""")
    knobs = panels.untrained()
    before = nnbook.flatten(knobs)
    cost = nnbook.cost(nnbook.forward(knobs, Xb), nnbook.one_hot(yb))
    nnbook.step(knobs, nnbook.backprop(knobs, Xb, nnbook.one_hot(yb)), eta)
    js = np.fromfile(tmp_path / "after.f64", "<f8")
    assert np.max(np.abs(js - nnbook.flatten(knobs))) < 1e-6
    assert np.max(np.abs(js - before)) > 1e-3, "the step did not move the knobs"
    assert json.loads((tmp_path / "cost.json").read_text()) == pytest.approx(cost, rel=1e-9)


def _ink(img28: np.ndarray, scale: int, left: int, top: int) -> np.ndarray:
    """A 28x28 digit drawn big somewhere on the canvas, as the panel reads its ink."""
    ink = np.zeros((SIDE, SIDE))
    big = np.kron(img28, np.ones((scale, scale)))
    ink[top : top + big.shape[0], left : left + big.shape[1]] = big
    return ink


def _preprocess(tmp: Path, inks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The panel's preprocessing of each ink array, and the trained network's answer for it, from node."""
    inks.astype("<f8").tofile(tmp / "ink.f64")
    node(tmp, f"""
const ink = new Float64Array(fs.readFileSync("ink.f64").buffer.slice(0));
const n = net.fromFlat(new Float32Array(fs.readFileSync({json.dumps(str(panels.TRAINED))}).buffer.slice(0)), [784, 16, 16, 10]);
const side = {SIDE}, count = ink.length / (side * side), images = [], answers = [];
for (let i = 0; i < count; i++) {{
  const x = net.preprocess(ink.subarray(side * side * i, side * side * (i + 1)), side, side);
  images.push(...x);
  answers.push(net.argmax(net.forward(n, x)));
}}
fs.writeFileSync("x.f64", new Float64Array(images));
fs.writeFileSync("answers.json", JSON.stringify(answers));
""")
    images = np.fromfile(tmp / "x.f64", "<f8").reshape(-1, 28, 28)
    return images, np.array(json.loads((tmp / "answers.json").read_text()))


def _centre_of_mass(img: np.ndarray) -> tuple[float, float]:
    rows, cols = np.indices(img.shape) + 0.5
    return float((img * rows).sum() / img.sum()), float((img * cols).sum() / img.sum())


def test_preprocessing_turns_big_off_centre_digits_back_into_mnist_digits(tmp_path, test_digits):
    X, labels = test_digits
    rng = np.random.default_rng(0)
    n = 200
    inks, scales = [], rng.integers(5, 10, n)
    for i in range(n):
        s = int(scales[i])
        left, top = (int(v) for v in rng.integers(0, SIDE - 28 * s + 1, 2))
        inks.append(_ink(X[:, i].reshape(28, 28), s, left, top))
    images, answers = _preprocess(tmp_path, np.array(inks))
    for img in images:
        r, c = _centre_of_mass(img)
        assert abs(r - 14) <= 0.5 + 1e-9 and abs(c - 14) <= 0.5 + 1e-9  # centred by centre of mass
        rows, cols = np.nonzero(img > 0)
        assert max(np.ptp(rows), np.ptp(cols)) + 1 in (20, 21)  # fitted into the 20x20 box
        assert 0 <= img.min() and img.max() <= 1
    # The network reads the redrawn digits about as well as the originals.
    original = nnbook.accuracy(as64(panels.trained()), X[:, :n], labels[:n])
    assert np.mean(answers == labels[:n]) >= original - 0.05
    # Anti-aliased: grey edges, not only black and white.
    assert np.mean((images > 0.05) & (images < 0.95)) > 0.02


def test_a_stroke_drawn_anywhere_becomes_a_centred_digit_the_network_reads(tmp_path):
    ink = np.zeros((SIDE, SIDE))
    ink[20:120, 30:42] = 1.0  # a short thick upright stroke near the top left corner: a 1
    zero = np.zeros((SIDE, SIDE))  # a ring in the bottom right: a 0
    rows, cols = np.indices(zero.shape)
    radius = np.hypot((rows - 190) / 1.3, cols - 200)
    zero[(radius > 38) & (radius < 52)] = 1.0
    images, answers = _preprocess(tmp_path, np.array([ink, zero]))
    assert list(answers) == [1, 0]
    for img in images:
        r, c = _centre_of_mass(img)
        assert abs(r - 14) <= 0.5 + 1e-9 and abs(c - 14) <= 0.5 + 1e-9
    # The stroke is 20 pixels tall, as MNIST's digits are.
    assert np.ptp(np.nonzero(images[0] > 0.05)[0]) + 1 == 20


def test_the_build_hook_adds_mnists_own_digits(mnist_path, monkeypatch):
    monkeypatch.setenv("NNBOOK_DATA", str(mnist_path))
    manifest, files = hook.manifest_and_files()
    assert "missing" not in manifest
    for split in ("train", "test"):
        entry = manifest[split]
        data = files["data/" + entry["file"]]
        n = entry["count"]
        X, labels = nnbook.mnist.load(split, path=mnist_path, dtype=np.float64)
        assert len(data) == n * 785
        assert np.array_equal(np.frombuffer(data[:n], np.uint8), labels[:n])
        pixels = np.frombuffer(data[n:], np.uint8).reshape(n, 784)
        assert np.array_equal(pixels / 255, X[:, :n].T)
    assert sum(len(d) for d in files.values()) < 6_000_000  # a few MB


def test_without_mnist_the_hook_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("NNBOOK_DATA", str(tmp_path))  # a folder with no MNIST files: never downloaded into
    manifest, files = hook.manifest_and_files()
    assert files == {}
    assert "NNBOOK_DATA" in manifest["missing"] and "MNIST" in manifest["missing"]


def test_a_build_without_mnist_says_in_one_line_which_panels_lose_what_and_what_to_do(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("NNBOOK_DATA", str(tmp_path / "none"))
    monkeypatch.delenv("NNBOOK_REQUIRE_DATA", raising=False)  # a reader's build, not CI's (which must stop instead)
    monkeypatch.setattr(hook.File, "generated", lambda config, path, content: path)  # just the paths it adds
    with caplog.at_level("INFO", logger="mkdocs.hooks.digits"):
        files = hook.on_files([], None)
    [line] = [r.getMessage() for r in caplog.records]
    assert "\n" not in line and "draw and train panels will have no digits" in line
    assert str(tmp_path / "none") in line and "NNBOOK_DATA" in line and "train-images-idx3-ubyte.gz" in line
    depth = [0]
    for ch in line:
        depth.append(depth[-1] + (ch == "(") - (ch == ")"))
    assert max(depth) <= 1  # no parentheses inside parentheses
    assert files == ["data/digits.json"]
    # a download that failed on every mirror: one line too, with what to do without internet
    from nnbook.mnist import MNISTError

    error = MNISTError("could not download a.gz:\n  https://m1/a.gz: refused\n  https://m2/a.gz: refused\n"
                       "Without internet, copy the four files by hand into /x (or set NNBOOK_DATA to that folder).")
    why = hook.why_missing(error)
    assert "\n" not in why and "could not download a.gz" in why and "Without internet" in why
