"""The command line, run as a reader runs it: `python -m nnbook train` and `python -m nnbook predict`."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys

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
        (["--eta", "-1"], "the learning rate eta must be a positive number (nnbook.train's default is 2.0); got -1.0."),
        (["--batch-size", "0"], "batch_size (examples per step) must be a whole number of at least 1; got 0."),
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
        "nnbook train: error: batch_size (examples per step, at most the 60000 examples) must be a whole number "
        "from 1 to 60000; got 60001.")


@pytest.fixture(scope="module")
def trained(tmp_path_factory, mnist_path):
    """One short real run through the command line: its folder and its output."""
    folder = tmp_path_factory.mktemp("run")
    r = nnbook("train", "--epochs", "2", "--batch-size", "20", "--seed", "1", "--weight-decay", "1e-4",
               "--record", "run.json", "--knobs", "net.npz", cwd=folder, env=dict(os.environ, NNBOOK_DATA=str(mnist_path)))
    assert r.returncode == 0, r.stderr
    return folder, r


@pytest.mark.kernel  # trains, or reads a trained network: its numbers come out of BLAS
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


@pytest.mark.kernel  # trains, or reads a trained network: its numbers come out of BLAS
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


@pytest.mark.kernel  # trains, or reads a trained network: its numbers come out of BLAS
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
    assert bad.returncode == 1 and "give a .png or .npy file" in bad.stderr  # a file that is not what is needed
    np.save(folder / "small.npy", np.zeros((20, 20)))
    bad = nnbook("predict", "--image", "small.npy", cwd=folder)
    assert bad.returncode == 1 and "expected 28x28 pixels" in bad.stderr


def test_predict_without_a_network_says_so(tmp_path):
    r = nnbook("predict", "--index", "0", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    assert "net.npz" in r.stderr and "python -m nnbook train" in r.stderr  # the file, and how to make one


@pytest.mark.kernel  # trains, or reads a trained network: its numbers come out of BLAS
def test_ctrl_c_stops_the_run_and_keeps_the_record_of_the_epochs_done(tmp_path, mnist_path):
    # Deterministic: the signal goes as soon as the first epoch line is read, and the run asks for 1,000
    # epochs (minutes of work), so it is still going when the signal comes however fast the machine is.
    env = dict(os.environ, NNBOOK_DATA=str(mnist_path), PYTHONUNBUFFERED="1")
    # As from a terminal: SIGINT at its default, whatever the test runner's worker set (pytest-xdist's ignore it,
    # and a Python started with SIGINT ignored never turns Ctrl-C into KeyboardInterrupt).
    p = subprocess.Popen([sys.executable, "-m", "nnbook", "train", "--epochs", "1000", "--batch-size", "100"],
                         cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        first = p.stdout.readline()  # blocks until the first epoch is done
        assert first.startswith("epoch    1/1000"), first + p.stderr.read()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
    finally:
        p.kill()
    assert p.returncode == 130 and "Traceback" not in err and "stopped after" in err
    record = json.loads((tmp_path / "run.json").read_text())
    assert record["interrupted"] and 1 <= len(record["epochs"]) < 1000
    assert (tmp_path / "net.npz").exists() and leftovers(tmp_path) == []


# Issue 14, tried as a reader would: every mistake gives one clear line, early, and leaves nothing behind.
# Error paths run on small synthetic IDX files made here, never on the real data.

def idx(array: np.ndarray) -> bytes:
    """An IDX file of unsigned bytes, written by hand as the format describes it."""
    return bytes([0, 0, 8, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape) + array.tobytes()


@pytest.fixture
def other(tmp_path):
    """A folder of IDX files in MNIST's layout that are not MNIST: 300 training and 100 test 'digits'."""
    import gzip

    from nnbook.mnist import NAMES

    folder = tmp_path / "other"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for split, n in (("train", 300), ("test", 100)):
        labels = (np.arange(n) % 10).astype(np.uint8)
        images = rng.integers(0, 60, (n, 28, 28), dtype=np.uint8)
        for d in range(10):  # digit d lights up its own rows, so there is something to learn
            images[labels == d, 2 * d : 2 * d + 3, :] = 255
        for name, array in zip(NAMES[split], (images, labels)):
            (folder / f"{name}.gz").write_bytes(gzip.compress(idx(array), mtime=0))
    return folder


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith((".tmp", ".tmp.npz")))


@pytest.mark.kernel  # trains, or reads a trained network: its numbers come out of BLAS
def test_other_idx_data_trains_with_not_mnist_and_the_record_says_so(tmp_path, other):
    run = tmp_path / "run"
    run.mkdir()
    r = nnbook("train", "--data", str(other), "--epochs", "2", "--batch-size", "10", cwd=run)
    assert r.returncode == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "is not the canonical MNIST file" in r.stderr and "--not-mnist" in r.stderr
    assert "Delete" not in r.stderr and "download" not in r.stderr  # it is the reader's folder, not the cache
    r = nnbook("train", "--data", str(other), "--not-mnist", "--epochs", "2", "--batch-size", "10", cwd=run)
    assert r.returncode == 0, r.stderr
    record = json.loads((run / "run.json").read_text())
    assert record["canonical_mnist"] is False and record["hyperparameters"]["train_examples"] == 300
    r = nnbook("predict", "--data", str(other), "--not-mnist", "--index", "0", "99", cwd=run)
    assert r.returncode == 0 and r.stdout.startswith("test[0]: guess ") and "test[99]: guess " in r.stdout
    r = nnbook("predict", "--data", str(other), "--index", "0", cwd=run)
    assert r.returncode == 1 and "--not-mnist" in r.stderr
    env = {k: v for k, v in os.environ.items() if k != "NNBOOK_DATA"}
    r = nnbook("train", "--not-mnist", cwd=run, env=env)
    assert r.returncode == 2 and r.stderr == ("nnbook train: error: --not-mnist is for IDX files of your own: give "
                                              "their folder with --data FOLDER (or set NNBOOK_DATA).\n")
    assert sorted(p.name for p in run.iterdir()) == ["net.npz", "run.json"]


@pytest.mark.kernel  # trains, or reads a trained network: its numbers come out of BLAS
@pytest.mark.parametrize(
    "eta, message",
    [
        ("1e6", "the network is stuck at epoch 1, step "),
        ("1e20", "the network is stuck at epoch 1, step "),
        ("1e100", "the cost became NaN at epoch 1, step "),
    ],
)
def test_a_learning_rate_far_too_large_stops_the_run_early(tmp_path, other, eta, message):
    r = nnbook("train", "--data", str(other), "--not-mnist", "--eta", eta, "--epochs", "30", "--batch-size", "10",
               cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr  # no epoch finished
    assert r.stderr.startswith("nnbook train: error: " + message) and r.stderr.count("\n") == 1
    assert f"the learning rate {float(eta):g} is too large; try a smaller eta" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--record", "nofolder/run.json"], "cannot write the record to nofolder/run.json: the folder nofolder does "
         "not exist. Create it first, or choose another path."),
        (["--knobs", "nofolder/net.npz"], "cannot write the network to nofolder/net.npz: the folder nofolder does "
         "not exist. Create it first, or choose another path."),
        (["--record", "adir"], "cannot write the record to adir: it is a folder. Give a file name, such as "
         "adir/run.json."),
        (["--knobs", "adir"], "cannot write the network to adir: it is a folder. Give a file name, such as "
         "adir/net.npz."),
    ],
)
def test_output_paths_are_checked_before_training_and_nothing_is_left_behind(tmp_path, other, args, message):
    (tmp_path / "adir").mkdir()
    r = nnbook("train", "--data", str(other), "--not-mnist", "--epochs", "1", "--batch-size", "10", *args,
               cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == ""  # a file problem, refused before the first epoch
    assert r.stderr == f"nnbook train: error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "other"] and not list((tmp_path / "adir").iterdir())
    assert leftovers(tmp_path) == []


def test_a_missing_data_folder_is_named_as_the_reader_gave_it(tmp_path):
    r = nnbook("train", "--data", "nofolder", cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.startswith(
        "nnbook train: error: nofolder (the folder you gave) does not exist. Put the four files ")
    assert "path argument" not in r.stderr


def test_help_shows_where_the_data_comes_from_once(tmp_path):
    for command in ("train", "predict"):
        out = " ".join(nnbook(command, "--help", cwd=tmp_path).stdout.split())
        assert "(default: None)" not in out and "(default: False)" not in out and "(default: [])" not in out
        assert "default: $NNBOOK_DATA if set, else ~/.cache/nnbook/mnist" in out
        assert "--not-mnist" in out and "Fashion-MNIST" in out


def test_predict_refuses_a_network_that_does_not_classify_digits_and_a_file_that_is_not_one(tmp_path):
    from nnbook import init_knobs
    from nnbook.record import save_knobs

    save_knobs(tmp_path / "five.npz", init_knobs([784, 30, 5]))
    np.save(tmp_path / "digit.npy", np.zeros(784))
    r = nnbook("predict", "--knobs", "five.npz", "--image", "digit.npy", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == "" and r.stderr == (
        "nnbook predict: error: five.npz is a network of sizes [784, 30, 5]; predict needs one that takes 784 "
        "pixels and ends in 10 outputs, one per digit, as 'python -m nnbook train' makes.\n")
    (tmp_path / "notes.txt").write_text("not a network")
    r = nnbook("predict", "--knobs", "notes.txt", "--image", "digit.npy", cwd=tmp_path)
    assert r.returncode == 1 and "notes.txt is not a network saved by nnbook.record.save_knobs: it is not a .npz " \
        "file" in r.stderr and "pickle" not in r.stderr
    damaged = bytearray((tmp_path / "five.npz").read_bytes())
    damaged[len(damaged) // 2 : len(damaged) // 2 + 50] = bytes(50)
    (tmp_path / "damaged.npz").write_bytes(bytes(damaged))
    r = nnbook("predict", "--knobs", "damaged.npz", "--image", "digit.npy", cwd=tmp_path)
    assert r.returncode == 1 and "damaged.npz is not a network saved by" in r.stderr and "it is damaged" in r.stderr
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1


def test_predict_reads_grey_levels_0_255_and_refuses_other_ranges(tmp_path):
    from nnbook import init_knobs
    from nnbook.record import save_knobs

    save_knobs(tmp_path / "net.npz", init_knobs([784, 16, 10], rng=3))
    digit = np.random.default_rng(1).integers(0, 256, 784)
    np.save(tmp_path / "grey.npy", digit.astype(np.uint8))
    np.save(tmp_path / "unit.npy", digit / 255)
    r = nnbook("predict", "--image", "grey.npy", "unit.npy", cwd=tmp_path)
    grey, unit = (line.split(": ", 1)[1] for line in r.stdout.splitlines())
    assert r.returncode == 0 and grey == unit  # the same digit, however its pixels are scaled
    np.save(tmp_path / "wide.npy", digit * 4.0)
    r = nnbook("predict", "--image", "wide.npy", cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.startswith(
        "nnbook predict: error: wide.npy: its values run from 0 to 10")


# Issue 30, a newcomer's first hour: a misspelled option shows its command's usage and the option meant; no
# abbreviation is ever taken for an option; a missing file is named, with the files of its kind that are there.
# Exit status, as --help says: 2 for a mistake on the command line, 1 for a problem with a file or the data.

def messages(r: subprocess.CompletedProcess) -> str:
    return " ".join(r.stderr.split())  # undo the line wrapping


@pytest.mark.parametrize(
    "command, wrong, meant",
    [("train", "--epcohs", "--epochs"), ("train", "--wieght-decay", "--weight-decay"), ("train", "--sed", "--seed"),
     ("predict", "--knbos", "--knobs"), ("predict", "--indx", "--index")],
)
def test_a_misspelled_option_shows_its_commands_usage_and_the_option_meant(tmp_path, command, wrong, meant):
    r = nnbook(command, wrong, "3", cwd=tmp_path, env=dict(os.environ, NNBOOK_DATA=str(tmp_path / "none")))
    assert r.returncode == 2 and "Traceback" not in r.stderr and not list(tmp_path.iterdir())
    assert r.stderr.startswith(f"usage: nnbook {command} ")  # the command's usage, not the top level's
    said = messages(r).split("error:", 1)[1]
    assert wrong in said and meant in said
    assert set(re.findall(r"--[a-z-]+", said)) == {wrong, meant}  # and no unrelated option


def test_no_option_is_ever_taken_from_an_abbreviation():
    from nnbook.__main__ import parser

    p = parser()
    commands = p._subparsers._group_actions[0].choices
    for command, sub in commands.items():
        for option in (o for o in sub._option_string_actions if o.startswith("--") and o != "--help"):
            for cut in range(3, len(option)):
                prefix = option[:cut]
                if prefix in sub._option_string_actions:
                    continue  # a real option in its own right (--eta is one; --eta-end is another)
                value = [] if sub._option_string_actions[option].nargs == 0 else ["1"]  # --invert takes none
                with pytest.raises(SystemExit) as stop:
                    p.parse_args([command, prefix, *value])
                assert stop.value.code == 2, (command, prefix)


def test_an_abbreviation_is_refused_and_the_whole_option_suggested(tmp_path):
    r = nnbook("train", "--epoch", "1", cwd=tmp_path, env=dict(os.environ, NNBOOK_DATA=str(tmp_path / "none")))
    assert r.returncode == 2 and r.stdout == "" and not list(tmp_path.iterdir())  # nothing ran, nothing written
    said = messages(r).split("error:", 1)[1]
    assert "--epoch" in said and "--epochs" in said


def test_predict_names_the_saved_networks_that_are_there_when_the_one_given_is_not(tmp_path):
    from nnbook import init_knobs
    from nnbook.record import save_knobs

    np.save(tmp_path / "digit.npy", np.zeros(784))
    r = nnbook("predict", "--knobs", "nett.npz", "--image", "digit.npy", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    assert "nett.npz" in r.stderr and "nnbook train" in r.stderr  # no network here at all: how to make one
    for name in ("net.npz", "other.npz"):
        save_knobs(tmp_path / name, init_knobs([784, 16, 10]))
    r = nnbook("predict", "--knobs", "nett.npz", "--image", "digit.npy", cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    said = r.stderr.split("error:", 1)[1]
    assert "nett.npz" in said and "net.npz" in said.replace("nett.npz", "") and "other.npz" in said
    assert "digit.npy" not in said  # only the files that could be networks
    r = nnbook("predict", "--knobs", "runs/net.npz", "--image", "digit.npy", cwd=tmp_path)
    assert r.returncode == 1 and "runs" in r.stderr.split("error:", 1)[1] and "Traceback" not in r.stderr


def test_predict_checks_the_image_files_before_loading_anything(tmp_path):
    # No network and no MNIST here either: a message about either would mean they were loaded first.
    env = dict(os.environ, NNBOOK_DATA=str(tmp_path / "none"))
    r = nnbook("predict", "--index", "0", "--image", "missing.png", cwd=tmp_path, env=env)
    assert r.returncode == 1 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    said = r.stderr.split("error:", 1)[1]
    assert "missing.png" in said and "Errno" not in said and "none" not in said and "net.npz" not in said
    assert any(w in said.lower() for w in ("does not exist", "not found", "no such file", "cannot be found"))
    np.save(tmp_path / "seven.npy", np.zeros(784))
    r = nnbook("predict", "--image", "missing.png", cwd=tmp_path, env=env)
    assert r.returncode == 1 and "seven.npy" in r.stderr  # the images that are there
    (tmp_path / "empty.png").write_bytes(b"")
    r = nnbook("predict", "--image", "empty.png", cwd=tmp_path, env=env)
    assert r.returncode == 1 and "empty.png" in r.stderr and "Traceback" not in r.stderr


def test_help_says_what_each_exit_status_means(tmp_path):
    for args in ([], ["train"], ["predict"]):
        out = " ".join(nnbook(*args, "--help", cwd=tmp_path).stdout.split())
        status = out[out.index("exit status"):]
        for code, meaning in (("0", "done"), ("1", "file"), ("1", "data"), ("2", "command line"), ("130", "Ctrl-C")):
            assert f" {code} " in status and meaning in status, (args, code, meaning)
        assert status.index(" 1 ") < status.index("file") < status.index(" 2 ") < status.index("command line")
