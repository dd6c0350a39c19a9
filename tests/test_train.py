"""The whole run: `nnbook.train` on small synthetic digits (fast), and on the real MNIST (slow)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import numpy as np
import pytest

from nnbook import DivergenceError, accuracy, cost, forward, init_knobs, one_hot, sgd
from nnbook._run import Bar, one_blas_thread
from nnbook.fused import evaluate, learn
from nnbook.record import load_knobs, load_record, save_knobs
from nnbook.train import eta_at, train

ROOT = Path(__file__).resolve().parent.parent

SIZES = [784, 16, 16, 10]


def synthetic(n, seed):
    """Fake 'digits': digit d lights up its own block of pixels, plus noise. Easy to learn, quick to train."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, n)
    X = 0.3 * rng.random((784, n))
    for d in range(10):
        X[d * 78 : (d + 1) * 78, labels == d] += 0.7
    return X.astype(np.float32), labels


@pytest.fixture(scope="module")
def data():
    X, y = synthetic(600, 1)
    Xt, yt = synthetic(200, 2)
    return X, y, Xt, yt


def test_the_record_has_every_setting_and_per_epoch_numbers_that_check_out(data, tmp_path):
    X, y, Xt, yt = data
    record = train(epochs=3, batch_size=20, eta=2.0, eta_end=0.5, seed=4, data=data,
                   record_path=tmp_path / "run.json", knobs_path=tmp_path / "net.npz")
    h = record["hyperparameters"]
    assert h["sizes"] == SIZES and h["epochs"] == 3 and h["batch_size"] == 20 and h["eta"] == 2.0
    assert h["eta_end"] == 0.5 and h["dtype"] == "float32" and record["seed"] == 4
    assert record["numpy_version"] == np.__version__ and record["machine"]["cpu_count"] >= 1
    assert [e["epoch"] for e in record["epochs"]] == [1, 2, 3] and not record["interrupted"]
    assert json.loads((tmp_path / "run.json").read_text()) == json.loads(json.dumps(record))
    # the last epoch's numbers are the saved network's numbers, recomputed with the book's functions
    knobs = load_knobs(tmp_path / "net.npz")
    last = record["epochs"][-1]
    assert last["test_accuracy"] == record["final_test_accuracy"] == accuracy(knobs, Xt, yt)
    assert last["train_accuracy"] == accuracy(knobs, X, y)
    assert last["train_cost"] == pytest.approx(cost(forward(knobs, X), one_hot(y)), rel=1e-5)
    assert last["test_cost"] == pytest.approx(cost(forward(knobs, Xt), one_hot(yt)), rel=1e-5)
    assert all(0 <= e[k] <= 1 for e in record["epochs"] for k in ("train_accuracy", "test_accuracy"))
    assert all(e["seconds"] > 0 for e in record["epochs"])
    assert load_record(tmp_path / "net.npz") == json.loads(json.dumps(record))


def test_weight_decay_shrinks_the_weights_by_exactly_its_factor_and_is_recorded(data):
    X, y, Xt, yt = data
    one = dict(epochs=1, batch_size=600, eta=2.0, eta_end=None, seed=5, data=data)  # one step: easy to follow
    plain = init_knobs(SIZES, rng=np.random.default_rng(5), dtype=np.float32, scale=0.5)
    decayed = [(W.copy(), b.copy()) for W, b in plain]
    record = train(knobs=decayed, weight_decay=0.01, **one)
    train(knobs=plain, **one)
    assert record["hyperparameters"]["weight_decay"] == 0.01
    for (W, b), (W2, b2) in zip(plain, decayed, strict=True):
        np.testing.assert_allclose(W2, W * (1 - 2.0 * 0.01), rtol=1e-6)  # the step, then the shrink
        np.testing.assert_array_equal(b2, b)  # biases are left alone
    # over a longer run the weights end up smaller, and the book's default is no decay at all
    long = dict(epochs=3, batch_size=20, eta=2.0, seed=1, data=data)
    small, large = init_knobs(SIZES, rng=1, dtype=np.float32), init_knobs(SIZES, rng=1, dtype=np.float32)
    train(knobs=small, weight_decay=0.05, **long)
    assert train(knobs=large, **long)["hyperparameters"]["weight_decay"] == 0.0
    for (W_small, _), (W_large, _) in zip(small, large, strict=True):
        assert np.linalg.norm(W_small) < 0.9 * np.linalg.norm(W_large)


def test_training_learns(data):
    record = train(epochs=5, batch_size=10, eta=3.0, eta_end=None, data=data, seed=0)
    first, last = record["epochs"][0], record["epochs"][-1]
    assert last["train_cost"] < first["train_cost"]
    assert last["test_accuracy"] > 0.9  # ten times better than guessing


def test_one_epoch_is_exactly_one_epoch_of_the_books_sgd_on_the_fused_kernel(data, tmp_path):
    X, y, Xt, yt = data
    train(epochs=1, batch_size=7, eta=3.0, scale=0.7, seed=11, data=data, knobs_path=tmp_path / "net.npz")
    rng = np.random.default_rng(11)
    knobs = init_knobs(SIZES, rng=rng, dtype=np.float32, scale=0.7)
    sgd(knobs, X, one_hot(y), epochs=1, batch_size=7, eta=3.0, rng=rng, learn=learn)
    for (W, b), (W2, b2) in zip(knobs, load_knobs(tmp_path / "net.npz"), strict=True):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)


def test_the_same_seed_gives_the_same_run_and_another_seed_another(data):
    def numbers(seed):
        r = train(epochs=2, batch_size=30, data=data, seed=seed)
        return [(e["train_cost"], e["test_accuracy"]) for e in r["epochs"]]

    assert numbers(3) == numbers(3)
    assert numbers(3) != numbers(5)


def test_the_learning_rate_falls_in_a_straight_line(data):
    record = train(epochs=4, batch_size=50, eta=4.0, eta_end=1.0, data=data)
    assert [e["eta"] for e in record["epochs"]] == pytest.approx([4.0, 3.0, 2.0, 1.0], rel=1e-12)
    assert [e["eta"] for e in train(epochs=2, batch_size=50, eta=2.5, eta_end=None, data=data)["epochs"]] == [2.5, 2.5]
    assert eta_at(1, 1, 3.0, 0.3) == 3.0
    assert eta_at(1, 30, 3.0, 0.01) == 3.0 and eta_at(30, 30, 3.0, 0.01) == 0.01


def test_given_knobs_are_trained_in_place(data):
    knobs = init_knobs(SIZES, rng=9, dtype=np.float32)
    before = knobs[0][0].copy()
    record = train(epochs=1, batch_size=50, data=data, knobs=knobs)
    assert not np.array_equal(before, knobs[0][0])
    assert record["final_test_accuracy"] == accuracy(knobs, data[2], data[3])


def test_evaluate_agrees_with_cost_and_accuracy(data):
    X, y, _, _ = data
    knobs = init_knobs(SIZES, rng=2, dtype=np.float32)
    c, a = evaluate(knobs, X, y, chunk=128)  # several chunks, the last one short
    assert c == pytest.approx(cost(forward(knobs, X), one_hot(y)), rel=1e-5)
    assert a == accuracy(knobs, X, y)


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"epochs": 0}, ValueError, "epochs must be a whole number of at least 1; got 0"),
        ({"epochs": 2.5}, TypeError, "epochs must be a whole number"),  # the same type and words as nnbook.sgd
        ({"eta": -1.0}, ValueError, r"learning rate eta must be a positive number \(nnbook.train's default is 2.0\); got -1.0"),
        ({"eta": float("nan")}, ValueError, "learning rate eta must be a positive number"),
        ({"eta": "3"}, TypeError, "learning rate eta must be a number"),
        ({"eta_end": 0}, ValueError, "eta_end .* must be a positive number"),
        ({"scale": -2}, ValueError, "scale .* must be a positive number"),
        ({"batch_size": 0}, ValueError, r"batch_size \(examples per step\) must be a whole number of at least 1"),
        ({"batch_size": 601}, ValueError, r"at most the 600 examples\) must be a whole number from 1 to 600; got 601"),
        ({"sizes": [783, 16, 10]}, ValueError, r"sizes must start with 784 .* and end with 10"),
        ({"sizes": [784, 16, 9]}, ValueError, r"sizes must start with 784 .* and end with 10 .*; got \[784, 16, 9\]"),
        ({"weight_decay": -1e-4}, ValueError, r"weight_decay must be at least 0 .*; got -0.0001"),
        ({"weight_decay": 0.5, "eta": 3.0}, ValueError, r"below 1/eta = 0.333333"),
    ],
)
def test_impossible_options_are_refused_with_one_clear_line(data, options, error, message):
    with pytest.raises(error, match=message) as e:
        train(data=data, **options)
    assert "\n" not in str(e.value)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_learning_rate_far_too_large_is_reported_as_divergence(data):
    with pytest.raises(DivergenceError, match="learning rate .* too large"):
        train(epochs=1, batch_size=10, eta=1e300, eta_end=None, data=data)  # overflows float32


def test_ctrl_c_stops_cleanly_and_keeps_the_epochs_done(data, tmp_path):
    def interrupt_after_two(entry):
        if entry["epoch"] == 2:
            raise KeyboardInterrupt

    record = train(epochs=5, batch_size=50, data=data, callback=interrupt_after_two,
                   record_path=tmp_path / "run.json", knobs_path=tmp_path / "net.npz")
    assert record["interrupted"] and len(record["epochs"]) == 2
    saved = json.loads((tmp_path / "run.json").read_text())
    assert saved["interrupted"] and [e["epoch"] for e in saved["epochs"]] == [1, 2]
    assert load_record(tmp_path / "net.npz")["interrupted"]


def test_knobs_survive_a_save_and_load_exactly(tmp_path):
    knobs = init_knobs([784, 5, 10], rng=0, dtype=np.float32)
    save_knobs(tmp_path / "net.npz", knobs)
    loaded = load_knobs(tmp_path / "net.npz")
    assert len(loaded) == 2 and load_record(tmp_path / "net.npz") is None
    for (W, b), (W2, b2) in zip(knobs, loaded):
        assert W2.dtype == np.float32 and W2.shape == W.shape and b2.shape == b.shape
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)


def test_loading_something_that_is_not_a_saved_network_says_so(tmp_path):
    (tmp_path / "text.npz").write_text("hello")
    with pytest.raises(ValueError, match="is not a network saved by nnbook"):
        load_knobs(tmp_path / "text.npz")
    np.savez(tmp_path / "other.npz", x=np.zeros(3))
    with pytest.raises(ValueError, match="is not a network saved by nnbook"):
        load_knobs(tmp_path / "other.npz")
    objects = np.array([None, 1], dtype=object)
    np.savez(tmp_path / "objects.npz", sizes=np.array([784, 10]), W1=objects, b1=np.zeros((10, 1)))
    with pytest.raises(ValueError, match="is not a network saved by nnbook"):
        load_knobs(tmp_path / "objects.npz")  # never unpickles
    np.savez(tmp_path / "shapes.npz", sizes=np.array([784, 10]), W1=np.zeros((10, 783)), b1=np.zeros((10, 1)))
    with pytest.raises(ValueError, match=r"layer 1 has W \(10, 783\)"):
        load_knobs(tmp_path / "shapes.npz")


def test_the_progress_bar_fills_up_within_an_epoch():
    out = io.StringIO()
    bar = Bar(3, 30, 6000, stream=out)
    for step in range(1, 6001):
        bar.update(step)
    frames = out.getvalue().split("\r")[1:]
    assert 35 <= len(frames) <= 45  # redrawn about 40 times, not 6000
    assert frames[0].startswith("epoch  3/30 [") and frames[-1].endswith("[" + "#" * 30 + "] 100%")


def test_training_runs_openblas_on_one_thread_and_restores_it_after():
    import ctypes
    import re

    maps = open("/proc/self/maps").read() if os.path.exists("/proc/self/maps") else ""
    found = re.findall(r"/\S*openblas\S*\.so\S*", maps)
    lib = ctypes.CDLL(found[0]) if found else None
    get = getattr(lib, "scipy_openblas_get_num_threads64_", None) or getattr(lib, "openblas_get_num_threads", None)
    if get is None:
        pytest.skip("numpy here does not use an OpenBLAS this test knows how to ask")
    set_ = getattr(lib, "scipy_openblas_set_num_threads64_", None) or lib.openblas_set_num_threads
    before = get()
    set_(2)
    try:
        with one_blas_thread():
            assert get() == 1
        assert get() == 2
    finally:
        set_(before)


# -- the real run: the book's network, the book's method, the default settings --


def kernel_finals() -> list[float]:
    """The three seeds' final test accuracies under every kernel of figures/data/kernels.json."""
    record = json.loads((ROOT / "figures" / "data" / "kernels.json").read_text())["kernels"]
    return [k[f"train.seed{s}_final"] for k in record.values() for s in (0, 1, 2)]


def test_the_readme_quotes_the_spread_of_the_default_run_across_kernels():
    finals = kernel_finals()
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"between {100 * min(finals):.2f}% and {100 * max(finals):.2f}% for seeds 0, 1 and 2" in readme
    words = {3: "three", 4: "four", 5: "five"}
    assert f"{words[len(finals) // 3]} OpenBLAS kernels" in readme


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1, 2])  # one test a seed: the check's two workers share the three runs
def test_the_default_run_reaches_95_percent_for_each_of_three_seeds(mnist_path, seed):
    """The book's network and method, default settings, real MNIST, seeds 0, 1 and 2.

    The floor is the one the book promises: at least 95.0% of the 10,000 test
    digits for every seed. It sits near the ceiling of this method, not far
    below it (seeds 3 to 7 give 94.71% to 95.32%; see the docstring of
    nnbook.train), so a change that costs even a few tenths of a point fails
    here. The runs' last digits depend on the CPU: across three OpenBLAS
    kernels (figures/data/kernels.json) the nine runs ended between 95.19%
    and 95.65%, and a seed moved by at most 0.21 points between kernels; a
    run here must land within 0.4 points of that range.
    """
    low, high = min(kernel_finals()), max(kernel_finals())
    record = train(seed=seed, path=mnist_path)
    accs = [e["test_accuracy"] for e in record["epochs"]]
    assert len(accs) == 30 and not record["interrupted"]
    assert record["final_test_accuracy"] >= 0.950, f"seed {seed}: test accuracy per epoch {accs}"
    assert low - 0.004 <= record["final_test_accuracy"] <= high + 0.004, f"seed {seed}: {accs}"
    # How fast it runs is benchmarks/epoch.py's to say, in numbers: a wall-clock bound here failed on a
    # machine busy with other work (135 s) while the code was as fast as ever.


# Issue 14: every mistake gets a clear error before the slow part, and nothing is left behind.

def leftovers(folder: Path) -> list[str]:
    """Temporary files a failed write could leave: none may remain."""
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith((".tmp", ".tmp.npz")))


@pytest.mark.parametrize(
    "paths, message",
    [
        ({"record_path": "nofolder/run.json"}, "cannot write the record to nofolder/run.json: the folder nofolder "
         "does not exist"),
        ({"knobs_path": "nofolder/net.npz"}, "cannot write the network to nofolder/net.npz: the folder nofolder"),
        ({"record_path": "adir"}, "cannot write the record to adir: it is a folder. Give a file name, such as "
         "adir/run.json"),
        ({"knobs_path": "adir"}, "cannot write the network to adir: it is a folder"),
        ({"record_path": "afile/run.json"}, "afile is a file, not a folder"),
        ({"record_path": "same", "knobs_path": "./same"}, "would both be written to same"),
    ],
)
def test_output_paths_are_checked_before_training(data, tmp_path, monkeypatch, paths, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("")
    epochs = []
    with pytest.raises(ValueError, match=message):
        train(epochs=1, batch_size=50, data=data, callback=epochs.append, **paths)
    assert epochs == []  # refused before the first epoch, not after the last
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "afile"] and not list((tmp_path / "adir").iterdir())


def test_a_write_that_fails_names_the_path_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    from nnbook import record as rec

    (tmp_path / "adir").mkdir()
    with pytest.raises(OSError, match=r"could not write the record to \S*adir: Is a directory"):
        rec.write_record(tmp_path / "adir", {"a": 1})  # past the checks train makes
    with pytest.raises(OSError, match=r"could not write the network to \S*adir: Is a directory"):
        save_knobs(tmp_path / "adir", init_knobs([3, 2]))

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rec.os, "replace", full_disk)
    with pytest.raises(OSError, match=r"could not write the record to \S*run.json: No space left on device"):
        rec.write_record(tmp_path / "run.json", {"a": 1})

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(rec.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_knobs(tmp_path / "net.npz", init_knobs([3, 2]))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir"] and leftovers(tmp_path) == []


@pytest.mark.parametrize("eta", [1e6, 1e20])
def test_a_learning_rate_so_large_that_the_network_is_stuck_stops_early(data, eta):
    # One step throws every weighted input far out on the sigmoid's flat tails: the cost then sits still
    # with every knob far below float32's limit, so it never becomes NaN; the run must stop anyway.
    with pytest.raises(DivergenceError) as e:
        train(epochs=3, batch_size=10, eta=eta, data=data)
    assert str(e.value).startswith("the network is stuck at epoch 1, step ")
    step = int(str(e.value).split("step ")[1].split(":")[0])
    assert step <= 20  # early: within the first 20 of the 60 steps of the first epoch
    assert f"the learning rate {eta:g} is too large; try a smaller eta" in str(e.value)


def test_a_run_that_diverges_keeps_the_record_of_its_finished_epochs(data, tmp_path):
    # eta climbs from 0.5 to 1e7 (stuck within a few steps): the first epoch finishes, the second cannot.
    with pytest.raises(DivergenceError) as e:
        train(epochs=2, batch_size=10, eta=0.5, eta_end=1e7, data=data,
              record_path=tmp_path / "run.json", knobs_path=tmp_path / "net.npz")
    assert str(e.value).startswith("the network is stuck at epoch 2, step ")
    assert str(e.value).endswith(f"The record of the 1 finished epoch(s) is in {tmp_path / 'run.json'}.")
    saved = json.loads((tmp_path / "run.json").read_text())
    assert [entry["epoch"] for entry in saved["epochs"]] == [1]
    assert saved["final_test_accuracy"] == saved["epochs"][0]["test_accuracy"] is not None
    assert saved["diverged"].startswith("the network is stuck at epoch 2") and not saved["interrupted"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.json"]  # no knobs, no temporary file


def test_the_book_s_large_learning_rates_do_not_trip_the_stuck_check(data):
    # Chapter 7 walks with eta up to 10; a stuck network would stop with DivergenceError.
    record = train(epochs=2, batch_size=10, eta=10.0, eta_end=None, data=data)
    assert len(record["epochs"]) == 2 and record["final_test_accuracy"] > 0.2  # chance is 0.1


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda X, y: (X * 255, y), r"X_train holds values from \S+ to 25\d(\.\d+)?, but the network expects pixels "
         r"from 0 to 1, .* divide by 255"),
        (lambda X, y: (X.T, y), r"X_train should have shape \(784, 1\) .* got shape \(600, 784\)\. It looks like one "
         r"row per example: transpose it"),
        (lambda X, y: (X, one_hot(y)), r"labels_train should be the digits, shape \(600,\); got one-hot outputs "
         r"\(10, 600\)\. Pass the digits, or np\.argmax\(Y, axis=0\)"),
        (lambda X, y: (np.where(np.arange(600) == 7, np.nan, X), y), r"X_train holds NaN or infinite values "
         r"\(first in column 7\)"),
        (lambda X, y: (X, y + 1), r"labels_train must be whole numbers from 0 to 9"),
        (lambda X, y: (X[:, :599], y), r"one label per example: X has 599 column\(s\) but labels_train has shape"),
    ],
)
def test_bad_data_names_the_real_cause(data, change, message):
    X, y, Xt, yt = data
    X, y = change(X, y)
    with pytest.raises(ValueError, match=message) as e:
        train(epochs=1, batch_size=10, data=(X, y, Xt, yt))
    assert "learning rate" not in str(e.value) and "sizes must start" not in str(e.value)


def test_the_record_says_whether_the_data_was_the_canonical_mnist(data):
    assert train(epochs=1, batch_size=50, data=data)["canonical_mnist"] is False


def test_a_damaged_network_file_gets_a_clear_error_not_a_zip_traceback(tmp_path):
    """A .npz whose directory is intact but whose contents are not (a bad copy, a disk error): BadZipFile inside."""
    from nnbook.record import load_record, save_knobs

    save_knobs(tmp_path / "net.npz", init_knobs([784, 16, 10]))
    data = bytearray((tmp_path / "net.npz").read_bytes())
    data[len(data) // 2 : len(data) // 2 + 50] = bytes(50)  # inside W1's bytes: its CRC no longer matches
    (tmp_path / "net.npz").write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"net\.npz is not a network saved by .*: it is damaged \(.*\); save or train"):
        load_knobs(tmp_path / "net.npz")
    with pytest.raises(ValueError, match="or it is damaged"):
        load_record(tmp_path / "missing.npz")


def test_a_network_file_that_is_not_npz_is_refused_without_suggesting_pickle(tmp_path):
    with pytest.raises(ValueError, match=r"is a folder; give the network's file, such as \S+net\.npz"):
        load_knobs(tmp_path)
    (tmp_path / "run.json").write_text('{"a": 1}')
    with pytest.raises(ValueError) as e:
        load_knobs(tmp_path / "run.json")
    assert "is not a network saved by nnbook.record.save_knobs: it is not a .npz file" in str(e.value)
    assert "pickle" not in str(e.value)
    np.savez(tmp_path / "objects.npz", sizes=np.array([784, 10]), W1=np.array([None, 1], dtype=object))
    with pytest.raises(ValueError) as e:
        load_knobs(tmp_path / "objects.npz")
    assert "pickle" not in str(e.value)
