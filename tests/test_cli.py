"""The command line, run as a reader runs it: `python -m nnbook train` and `python -m nnbook predict`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from nnbook.record import load_knobs

def nnbook(*args, cwd, env=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nnbook", *args], cwd=cwd, env=env or os.environ.copy(),
                          capture_output=True, text=True, timeout=300, **kwargs)


def test_help_explains_every_option(tmp_path):
    top = nnbook("--help", cwd=tmp_path)
    assert top.returncode == 0 and "train" in top.stdout and "predict" in top.stdout
    out = " ".join(nnbook("train", "--help", cwd=tmp_path).stdout.split())  # undo the line wrapping
    flags = ("--sizes", "--epochs", "--batch-size", "--eta", "--eta-end", "--scale", "--weight-decay", "--seed",
             "--record", "--knobs")
    for flag in flags:
        assert flag in out
    assert "(default: 30)" in out and "(default: 784,16,16,10)" in out and "Ctrl-C" in out
    out = nnbook("predict", "--help", cwd=tmp_path).stdout
    assert "--index" in out and "--image" in out and ".png" in out and ".npy" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--epochs", "0"], "epochs must be a whole number of at least 1; got 0."),
        (["--eta", "-1"], "eta (the learning rate) must be a positive number; got -1.0."),
        (["--batch-size", "0"], "the batch size must be a whole number of at least 1; got 0."),
        (["--sizes", "784,16,16,9"], "sizes must start with 784"),
        (["--sizes", "100,10"], "sizes must start with 784"),
        (["--weight-decay", "-1"], "weight_decay must be at least 0"),
    ],
)
def test_impossible_options_give_one_line_and_no_traceback(tmp_path, args, message):
    # checked before any data is read, so this needs no MNIST
    r = nnbook("train", *args, cwd=tmp_path, env=dict(os.environ, NNBOOK_DATA=str(tmp_path / "none")))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("nnbook train: error: ") and message in r.stderr
    assert not list(tmp_path.iterdir())  # nothing written


def test_sizes_that_are_not_numbers_are_an_argparse_error(tmp_path):
    r = nnbook("train", "--sizes", "784,sixteen,10", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "such as 784,16,16,10" in r.stderr


def test_missing_data_says_which_files_to_put_where(tmp_path):
    r = nnbook("train", cwd=tmp_path, env=dict(os.environ, NNBOOK_DATA=str(tmp_path / "none")))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "train-images-idx3-ubyte.gz" in r.stderr and str(tmp_path / "none") in r.stderr


def test_a_batch_larger_than_the_data_is_refused(tmp_path, mnist_path):
    r = nnbook("train", "--batch-size", "60001", cwd=tmp_path, env=dict(os.environ, NNBOOK_DATA=str(mnist_path)))
    assert r.returncode == 2 and r.stderr.strip() == (
        "nnbook train: error: the batch size 60001 is larger than the 60000 training examples.")


@pytest.fixture(scope="module")
def trained(tmp_path_factory, mnist_path):
    """One short real run through the command line: its folder and its output."""
    folder = tmp_path_factory.mktemp("run")
    r = nnbook("train", "--epochs", "2", "--batch-size", "20", "--seed", "1", "--weight-decay", "1e-4",
               "--record", "run.json", "--knobs", "net.npz", cwd=folder, env=dict(os.environ, NNBOOK_DATA=str(mnist_path)))
    assert r.returncode == 0, r.stderr
    return folder, r


def test_train_prints_one_line_per_epoch_and_writes_the_record_and_the_network(trained):
    folder, r = trained
    lines = r.stdout.splitlines()
    assert lines[0].startswith("epoch 1/2  cost ") and lines[1].startswith("epoch 2/2  cost ")
    assert "test accuracy" in lines[0] and lines[0].endswith(" s")
    record = json.loads((folder / "run.json").read_text())
    for key in ("hyperparameters", "seed", "epochs", "final_test_accuracy", "numpy_version", "machine"):
        assert key in record
    assert record["seed"] == 1 and record["hyperparameters"]["batch_size"] == 20
    assert record["hyperparameters"]["weight_decay"] == 1e-4
    assert [set(e) >= {"train_cost", "test_accuracy", "seconds"} for e in record["epochs"]] == [True, True]
    assert f"test accuracy {100 * record['final_test_accuracy']:.2f}%" in lines[-1]
    assert [W.shape for W, _ in load_knobs(folder / "net.npz")] == [(16, 784), (16, 16), (10, 16)]


def test_predict_classifies_test_digits_by_index(trained, mnist_path):
    folder, _ = trained
    from nnbook import forward
    from nnbook.mnist import load

    X, labels = load("test", mnist_path)
    guesses = np.argmax(forward(load_knobs(folder / "net.npz"), X[:, [0, 1, 9999]]), axis=0)
    r = nnbook("predict", "--index", "0", "1", "9999", cwd=folder, env=dict(os.environ, NNBOOK_DATA=str(mnist_path)))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    for line, i, guess in zip(lines, [0, 1, 9999], guesses, strict=True):
        verdict = "right" if guess == labels[i] else "WRONG"
        assert line.startswith(f"test[{i}]: guess {guess}  label {labels[i]}  {verdict}")
        assert len(line.split("outputs ")[1].split()) == 10
    r = nnbook("predict", "--index", "10000", cwd=folder, env=dict(os.environ, NNBOOK_DATA=str(mnist_path)))
    assert r.returncode == 2 and "outside the test set" in r.stderr and "Traceback" not in r.stderr


def test_predict_reads_npy_and_png_files_the_same_way(trained, mnist_path):
    import matplotlib.image

    folder, _ = trained
    from nnbook.mnist import load

    X, _ = load("test", mnist_path)
    digit = X[:, 3].reshape(28, 28)
    np.save(folder / "digit.npy", digit)
    np.save(folder / "two.npy", (X[:, [3, 4]].T * 255).reshape(2, 28, 28))
    matplotlib.image.imsave(folder / "digit.png", digit, cmap="gray", vmin=0, vmax=1)
    matplotlib.image.imsave(folder / "paper.png", 1 - digit, cmap="gray", vmin=0, vmax=1)
    r = nnbook("predict", "--image", "digit.npy", "two.npy", "digit.png", cwd=folder)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["digit.npy", "two.npy[0]", "two.npy[1]", "digit.png"]
    guesses = [line.split("guess ")[1].split()[0] for line in lines]
    assert guesses[0] == guesses[1] == guesses[3]  # the same digit, whatever the file
    r2 = nnbook("predict", "--image", "paper.png", "--invert", cwd=folder)
    assert r2.stdout.split("guess ")[1].split()[0] == guesses[0]
    bad = nnbook("predict", "--image", "run.json", cwd=folder)
    assert bad.returncode == 2 and "give a .png or .npy file" in bad.stderr
    np.save(folder / "small.npy", np.zeros((20, 20)))
    bad = nnbook("predict", "--image", "small.npy", cwd=folder)
    assert bad.returncode == 2 and "expected 28x28 pixels" in bad.stderr


def test_predict_without_a_network_says_so(tmp_path):
    r = nnbook("predict", "--index", "0", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "net.npz does not exist: train a network first" in r.stderr


def test_ctrl_c_stops_the_run_and_keeps_the_record_of_the_epochs_done(tmp_path, mnist_path):
    env = dict(os.environ, NNBOOK_DATA=str(mnist_path), PYTHONUNBUFFERED="1")
    p = subprocess.Popen([sys.executable, "-m", "nnbook", "train", "--epochs", "30", "--batch-size", "100"],
                         cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = p.stdout.readline()  # blocks until the first epoch is done
        assert first.startswith("epoch  1/30"), first + p.stderr.read()
        time.sleep(0.2)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
    finally:
        p.kill()
    assert p.returncode == 130 and "Traceback" not in err and "stopped after" in err
    record = json.loads((tmp_path / "run.json").read_text())
    assert record["interrupted"] and 1 <= len(record["epochs"]) < 30
    assert (tmp_path / "net.npz").exists()
