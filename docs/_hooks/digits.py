"""Add the real MNIST digits the draw and train panels need to the built site; never to the repository.

At build (and `mkdocs serve`) time this loads MNIST with `nnbook.mnist.load`
(from `$NNBOOK_DATA`, else the cache folder, else a download into it) and adds
three generated files to the site:

- `data/digits-train.u8`: the first TRAIN MNIST training digits (the train panel learns from them);
- `data/digits-test.u8`: the first TEST MNIST test digits (held out: the train panel's
  accuracy, and the draw panels' "show me a test digit");
- `data/digits.json`: what the two files hold, or, when MNIST could not be had, why
  not and what to do; the panels then say that the digits are missing.

Each `.u8` file is `n` label bytes, then the `n` digits' 784 pixels (0..255,
row by row): uint8, as MNIST itself stores them, about 3.9 MB and 0.8 MB.

Without MNIST the build still succeeds (the book is readable without the
panels' digits): the hook logs what to do at INFO level, which a strict build
does not count as a warning. With NNBOOK_REQUIRE_DATA=1 (CI, the Pages workflow) it fails instead.
"""

from __future__ import annotations

import json
import logging
import os

import numpy as np
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

TRAIN = 5000
TEST = 1000
log = logging.getLogger("mkdocs.hooks.digits")

HOW = (
    "set NNBOOK_DATA to a folder with the four MNIST files, or build once with internet access "
    "so that nnbook downloads them into its cache folder, then build again"
)


def digits(split: str, n: int) -> bytes:
    """The first n digits of a split: n labels, then n * 784 pixels, all uint8."""
    import nnbook.mnist

    images, labels = nnbook.mnist.load(split, dtype=np.float64)  # (784, N) in 0..1, (N,)
    pixels = np.rint(images[:, :n].T * 255).astype(np.uint8)  # (n, 784): back to MNIST's own bytes
    return labels[:n].astype(np.uint8).tobytes() + pixels.tobytes()


def why_missing(error: Exception) -> str:
    """What went wrong and what to do, in one line and one sentence or two, from the error loading MNIST gave."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if len(lines) > 2:  # a failed download: one line per mirror tried, then what to do without internet
        lines = [f"{lines[0].rstrip(':')}: {lines[1]}.", lines[-1]]
    reason = " ".join(lines)
    from nnbook.mnist import MNISTError

    if isinstance(error, MNISTError) and "NNBOOK_DATA" in reason:
        return f"{reason} Then build again."  # the message already says where the files go
    return f"{reason.rstrip('.')}. To include them, {HOW}."


def manifest_and_files() -> tuple[dict, dict[str, bytes]]:
    """The manifest, and the files to add by their site path (none when MNIST is missing)."""
    try:
        train, test = digits("train", TRAIN), digits("test", TEST)
    except Exception as error:  # noqa: BLE001 - any failure to get MNIST must leave a readable book
        return {"missing": f"The MNIST digits were not included when this site was built: {why_missing(error)}"}, {}
    manifest = {
        "pixels": 784,
        "train": {"file": "digits-train.u8", "count": TRAIN, "about": f"the first {TRAIN:,} MNIST training digits"},
        "test": {"file": "digits-test.u8", "count": TEST, "about": f"the first {TEST:,} MNIST test digits"},
    }
    return manifest, {"data/digits-train.u8": train, "data/digits-test.u8": test}


def on_files(files, config):
    manifest, made = manifest_and_files()
    if "missing" in manifest:
        if os.environ.get("NNBOOK_REQUIRE_DATA") == "1":  # CI and the Pages workflow: never publish a lesser book
            raise PluginError(f"NNBOOK_REQUIRE_DATA=1 but {manifest['missing']}")
        log.info("nnbook: the draw and train panels will have no digits: %s", manifest["missing"].split(": ", 1)[1])
    for path, data in made.items():
        files.append(File.generated(config, path, content=data))
    files.append(File.generated(config, "data/digits.json", content=json.dumps(manifest, indent=1) + "\n"))
    return files
