"""The MNIST loader: the IDX parser and every error on small synthetic files, downloads from a local
server, the cache, and the real files."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import socket
import threading

import numpy as np
import pytest

from nnbook import download, mnist
from nnbook.mnist import MNISTError, NAMES, load, read_idx, split_validation


def idx_bytes(array: np.ndarray, magic: bytes | None = None) -> bytes:
    """An IDX file of unsigned bytes holding `array` (written by hand, independently of the parser)."""
    head = magic if magic is not None else bytes([0, 0, 8, array.ndim])
    return head + b"".join(int(d).to_bytes(4, "big") for d in array.shape) + array.astype(np.uint8).tobytes()


def make_split(rng, n):
    images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    labels = np.arange(n, dtype=np.uint8) % 10
    return images, labels


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private, empty cache folder for this test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NNBOOK_DATA", raising=False)
    return tmp_path / "xdg" / "nnbook" / "mnist"


@pytest.fixture
def fake(tmp_path, cache):
    """A folder with four small, well-formed MNIST-like files (gzip), and the arrays they hold."""
    rng = np.random.default_rng(0)
    folder = tmp_path / "fake"
    folder.mkdir()
    arrays = {"train": make_split(rng, 30), "test": make_split(rng, 12)}
    for split, (images, labels) in arrays.items():
        for name, array in zip(NAMES[split], (images, labels)):
            (folder / f"{name}.gz").write_bytes(gzip.compress(idx_bytes(array), mtime=0))
    return folder, arrays


def write(folder, name, data: bytes, gz=True):
    (folder / f"{name}.gz").unlink(missing_ok=True)
    (folder / name).unlink(missing_ok=True)
    (folder / (f"{name}.gz" if gz else name)).write_bytes(gzip.compress(data, mtime=0) if gz else data)


def test_load_reads_images_as_columns_in_0_1_and_labels_as_integers(fake):
    folder, arrays = fake
    for split in ("train", "test"):
        images, labels = arrays[split]
        X, y = load(split, folder, verify=False)
        assert X.shape == (784, len(labels)) and X.dtype == np.float32
        assert y.dtype == np.int64 and np.array_equal(y, labels)
        # column i is image i, row by row, scaled from 0..255 to 0..1
        np.testing.assert_array_equal(X[:, 5].reshape(28, 28), images[5].astype(np.float32) / np.float32(255))
        assert X.min() >= 0 and X.max() <= 1


def test_load_keeps_the_dtype_asked_for_and_reads_uncompressed_files(fake):
    folder, arrays = fake
    images, labels = arrays["test"]
    for name, array in zip(NAMES["test"], (images, labels)):
        write(folder, name, idx_bytes(array), gz=False)
    X, y = load("test", folder, dtype=np.float64, verify=False)
    assert X.dtype == np.float64
    np.testing.assert_allclose(X[:, 0], images[0].ravel() / 255)


def test_read_idx_reads_gzip_and_plain_bytes_alike():
    a = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    for data in (idx_bytes(a), gzip.compress(idx_bytes(a))):
        np.testing.assert_array_equal(read_idx(data, "x", 3), a)


@pytest.mark.parametrize(
    "which, data, message",
    [
        ("labels", idx_bytes(np.zeros((30, 28, 28))), "magic number 00 00 08 01"),
        ("images", idx_bytes(np.zeros(30), magic=bytes([0, 0, 9, 3])), "magic number 00 00 08 03"),
        ("images", idx_bytes(np.zeros((30, 28, 28)))[:5000], "truncated"),
        ("images", idx_bytes(np.zeros((30, 28, 28)))[:10], "ends inside its header"),
        ("images", idx_bytes(np.zeros((30, 28, 28))) + b"\0", "longer than its header says"),
        ("images", idx_bytes(np.zeros((30, 27, 28))), "27x28 pixels; nnbook needs 28x28"),
        ("labels", idx_bytes(np.zeros(29)), "30 images but"),
        ("labels", idx_bytes(np.arange(30) % 11), "label number 10 is 10, but labels are digits 0..9"),
    ],
)
def test_bad_files_give_a_clear_error_naming_the_file(fake, which, data, message):
    folder, _ = fake
    name = NAMES["train"][0 if which == "images" else 1]
    write(folder, name, data)
    with pytest.raises(MNISTError, match=message) as e:
        load("train", folder, verify=False)
    assert name in str(e.value)


def test_a_truncated_gzip_file_gives_a_clear_error(fake, cache):
    folder, _ = fake
    file = folder / f"{NAMES['train'][0]}.gz"
    file.write_bytes(file.read_bytes()[:-100])
    # in a folder of the reader's own, nothing would download a fresh copy there
    with pytest.raises(MNISTError, match="damaged gzip file.*Replace it with an undamaged copy") as e:
        load("train", folder, verify=False)
    assert "download" not in str(e.value).split("probably a truncated download")[1]
    # in the cache folder, deleting it does bring a fresh copy
    cache.mkdir(parents=True)
    for f in folder.iterdir():
        (cache / f.name).write_bytes(f.read_bytes())
    with pytest.raises(MNISTError, match="damaged gzip file.*Delete it and load again to download a fresh copy"):
        load("train", verify=False)


def test_a_file_that_is_not_the_canonical_one_fails_its_checksum(fake, cache):
    folder, arrays = fake
    name = NAMES["test"][0]
    actual = hashlib.sha256(idx_bytes(arrays["test"][0])).hexdigest()
    with pytest.raises(MNISTError) as e:
        load("test", folder)
    text = str(e.value)
    assert name in text and actual in text and mnist.SHA256_RAW[name] in text
    # a folder of the reader's own may hold other IDX data on purpose: the message names the way to load it
    assert "verify=False" in text and "--not-mnist" in text and "Delete" not in text
    cache.mkdir(parents=True)
    for f in folder.iterdir():
        (cache / f.name).write_bytes(f.read_bytes())
    with pytest.raises(MNISTError, match="not the canonical MNIST file.*Delete it and load again to download"):
        load("test")


def test_the_checksum_is_of_the_contents_so_the_compression_does_not_matter(fake, monkeypatch):
    folder, arrays = fake
    for name, array in zip(NAMES["test"], arrays["test"]):
        monkeypatch.setitem(mnist.SHA256_RAW, name, hashlib.sha256(idx_bytes(array)).hexdigest())
    X, _ = load("test", folder)  # gzip files pass
    write(folder, NAMES["test"][0], idx_bytes(arrays["test"][0]), gz=False)
    np.testing.assert_array_equal(load("test", folder)[0], X)  # and so does the same file uncompressed


def test_missing_files_name_the_files_and_the_folder(fake, monkeypatch):
    folder, _ = fake
    (folder / f"{NAMES['test'][1]}.gz").unlink()
    expected = f"^{NAMES['test'][1]}.gz not found in {folder} \\(the folder you gave\\)\\. Put the four files"
    with pytest.raises(MNISTError, match=expected):
        load("test", folder, verify=False)
    with pytest.raises(MNISTError, match=r"^\S*nowhere \(the folder you gave\) does not exist\. .* or give no folder"):
        load("test", folder / "nowhere", verify=False)
    monkeypatch.setenv("NNBOOK_DATA", str(folder / "nowhere"))
    with pytest.raises(MNISTError, match=r"nowhere \(the folder \$NNBOOK_DATA names\) does not exist.* unset NNBOOK_DATA"):
        load("test", verify=False)


def test_nnbook_data_is_used_when_no_path_is_given(fake, monkeypatch):
    folder, arrays = fake
    monkeypatch.setenv("NNBOOK_DATA", str(folder))
    np.testing.assert_array_equal(load("test", verify=False)[1], arrays["test"][1])


def test_an_unknown_split_is_refused():
    with pytest.raises(ValueError, match='"train" or "test"'):
        load("validation")


def test_a_dtype_that_is_not_a_float_type_is_refused_before_any_file_is_read(tmp_path):
    # uint8 pixels cannot hold 0..1 (numpy's own error was a UFuncTypeError from deep inside the scaling)
    with pytest.raises(TypeError, match="dtype must be a float type such as numpy.float64 or numpy.float32; got uint8"):
        load("train", path=tmp_path / "nowhere", dtype=np.uint8)


def test_the_second_load_comes_from_the_cache_without_decoding(fake, cache, monkeypatch):
    folder, arrays = fake
    before = [f.name for f in folder.iterdir()]
    X1, y1 = load("train", folder, verify=False)
    assert sorted(p.name.split("-")[1] for p in (cache / "decoded").glob("train-*.npy")) == ["images", "labels"]
    assert sorted(f.name for f in folder.iterdir()) == sorted(before)  # the source folder is never written to

    def no_decoding(*args):
        raise AssertionError("decoded again instead of reading the cache")

    monkeypatch.setattr(mnist, "_decode", no_decoding)
    X2, y2 = load("train", folder, verify=False)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)


def test_a_changed_source_file_invalidates_the_cache(fake, cache):
    folder, arrays = fake
    load("test", folder, verify=False)
    images = arrays["test"][0].copy()
    images[0] = 255 - images[0]
    write(folder, NAMES["test"][0], idx_bytes(images) + b"")
    X, _ = load("test", folder, verify=False)
    np.testing.assert_array_equal(X[:, 0] * 255, (255 - arrays["test"][0][0]).ravel().astype(np.float32))
    assert len(list((cache / "decoded").glob("test-images-*.npy"))) == 1  # the stale copy is gone


def test_a_damaged_cache_file_is_rebuilt(fake, cache):
    folder, arrays = fake
    load("train", folder, verify=False)
    (cached,) = (cache / "decoded").glob("train-images-*.npy")
    cached.write_bytes(cached.read_bytes()[:1000])
    X, _ = load("train", folder, verify=False)
    np.testing.assert_array_equal(X[:, 3].reshape(28, 28) * 255, arrays["train"][0][3].astype(np.float32))


def test_split_validation_holds_out_a_seeded_disjoint_part(fake):
    folder, _ = fake
    X, y = load("train", folder, verify=False)
    Xt, yt, Xv, yv = split_validation(X, y, n=10, seed=1)
    assert Xt.shape == (784, 20) and Xv.shape == (784, 10) and yt.shape == (20,) and yv.shape == (10,)
    # every example lands in exactly one part, with its own label
    columns = {X[:, i].tobytes(): y[i] for i in range(30)}
    parts = [Xt[:, i].tobytes() for i in range(20)] + [Xv[:, i].tobytes() for i in range(10)]
    assert sorted(parts) == sorted(columns)
    assert all(columns[Xv[:, i].tobytes()] == yv[i] for i in range(10))
    np.testing.assert_array_equal(split_validation(X, y, n=10, seed=1)[3], yv)
    assert not np.array_equal(split_validation(X, y, n=10, seed=2)[2], Xv)
    with pytest.raises(ValueError, match="between 1 and 29"):
        split_validation(X, y, n=30)


# -- downloads, from a server on 127.0.0.1 (there is no internet here, and tests must not need it) --


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):
        body, status, declared = self.routes.get(self.path, (b"not here", 404, None))
        self.send_response(status)
        self.send_header("Content-Length", str(declared if declared is not None else len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A local HTTP server; set `server.routes[path] = (body, status, declared length)`; yields its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Handler,), {"routes": {}}))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def served(fake, server, monkeypatch):
    """The fake files, on two mirrors: the first serves a corrupted copy of each, the second the good one."""
    folder, arrays = fake
    routes = server.RequestHandlerClass.routes
    for split in NAMES:
        for name, array in zip(NAMES[split], arrays[split]):
            good = (folder / f"{name}.gz").read_bytes()
            monkeypatch.setitem(download.SHA256_GZ, name, hashlib.sha256(good).hexdigest())
            monkeypatch.setitem(mnist.SHA256_RAW, name, hashlib.sha256(idx_bytes(array)).hexdigest())
            routes[f"/bad/{name}.gz"] = (good[:-1] + bytes([good[-1] ^ 1]), 200, None)
            routes[f"/good/{name}.gz"] = (good, 200, None)
    return server, arrays


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_download_tries_the_mirrors_in_turn_and_keeps_only_a_verified_file(served, cache, capsys):
    server, arrays = served
    name = NAMES["test"][1]
    mirrors = [f"http://127.0.0.1:{_closed_port()}/", f"{server.base}/missing/", f"{server.base}/bad/",
               f"{server.base}/good/"]
    path = download.fetch(name, cache, mirrors=mirrors, timeout=5)
    assert path == cache / f"{name}.gz"
    np.testing.assert_array_equal(read_idx(path.read_bytes(), name, 1), arrays["test"][1])
    assert [p.name for p in cache.iterdir()] == [f"{name}.gz"]  # no temporary files left behind
    assert "downloading" in capsys.readouterr().err


def test_load_downloads_into_the_cache_when_no_folder_is_given(served, cache, monkeypatch):
    server, arrays = served
    monkeypatch.setattr(download, "MIRRORS", [f"{server.base}/bad/", f"{server.base}/good/"])
    X, y = load("test")
    np.testing.assert_array_equal(y, arrays["test"][1])
    assert sorted(p.name for p in cache.glob("*.gz")) == sorted(f"{n}.gz" for n in NAMES["test"])
    with pytest.raises(MNISTError, match="download=False"):
        load("train", download=False)


def test_when_every_mirror_fails_the_error_says_why_and_where_to_put_the_files(served, cache):
    server, _ = served
    name = NAMES["train"][0]
    routes = server.RequestHandlerClass.routes
    good = routes[f"/good/{name}.gz"][0]
    routes[f"/short/{name}.gz"] = (good[:100], 200, len(good))  # the connection drops mid-file
    mirrors = [f"{server.base}/bad/", f"{server.base}/missing/", f"{server.base}/short/",
               f"http://127.0.0.1:{_closed_port()}/"]
    with pytest.raises(MNISTError) as e:
        download.fetch(name, cache, mirrors=mirrors, timeout=5)
    text = str(e.value)
    assert f"checksum mismatch, expected SHA-256 {download.SHA256_GZ[name]}" in text
    assert "404" in text and "Connection refused" in text
    assert text.count("\n  http://127.0.0.1") == 4  # one line per mirror tried
    assert "copy the four files" in text and str(cache) in text and "NNBOOK_DATA" in text
    assert list(cache.iterdir()) == []  # nothing that looks like a valid file


def test_a_download_folder_that_cannot_be_created_gives_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(MNISTError, match="cannot create the download folder .* set XDG_CACHE_HOME"):
        download.fetch(NAMES["test"][1], tmp_path / "file" / "mnist", mirrors=[])


# -- the real files --


def test_the_real_files_load_with_the_canonical_sizes(mnist_path, cache):
    X, y = load("train", mnist_path)
    Xt, yt = load("test", mnist_path)
    assert X.shape == (784, 60000) and y.shape == (60000,)
    assert Xt.shape == (784, 10000) and yt.shape == (10000,)
    assert X.min() == 0 and X.max() == 1
    assert set(np.unique(y)) == set(range(10)) and set(np.unique(yt)) == set(range(10))
    # the decoded cache goes to the cache folder, never next to the (read-only) source files
    assert len(list((cache / "decoded").glob("*.npy"))) == 4
    np.testing.assert_array_equal(load("test", mnist_path)[0], Xt)


def test_a_cache_that_cannot_be_written_warns_and_leaves_no_temporary_file(fake, cache, monkeypatch):
    folder, arrays = fake

    def full_disk(file, array, allow_pickle=True):
        file.write(b"half an array")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "save", full_disk)
    with pytest.warns(UserWarning, match=r"could not cache the decoded MNIST arrays .*No space left on device"):
        X, y = load("test", folder, verify=False)
    np.testing.assert_array_equal(y, arrays["test"][1])  # loading still works, only slower next time
    assert [p.name for p in (cache / "decoded").iterdir()] == []
