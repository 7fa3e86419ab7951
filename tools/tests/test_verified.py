"""The verification record the exporter writes: content, atomic write, cache fallback."""
import hashlib
import json
import os
import sys
import tempfile
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if TOOLS not in sys.path:
    sys.path.insert(0, TOOLS)

from medmoe_ref import verified  # noqa: E402


def make_model(directory):
    """Two files and the manifest's ``files`` for them."""
    files = {}
    for name, data in (("a.onnx", b"weights" * 100), ("tokenizer.json", b'{"model": {}}')):
        with open(os.path.join(directory, name), "wb") as out:
            out.write(data)
        files[name] = {"sha256": hashlib.sha256(data).hexdigest().upper(), "bytes": len(data)}
    return files


class VerificationRecordTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.root = tmp.name
        self.model = os.path.join(self.root, "model")
        os.mkdir(self.model)
        self.cache = os.path.join(self.root, "cache")

    def test_the_record_beside_the_model_holds_size_modification_time_and_hash_of_every_file(self):
        # Given an exported model
        files = make_model(self.model)
        # When writing its record
        path = verified.write_record(self.model, files, cache_root=self.cache)
        # Then it lies beside the model and names every file as the service checks it
        self.assertEqual(path, os.path.join(self.model, ".medmoe-verified.json"))
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual(doc["format"], "medmoe-verified/1")
        self.assertEqual(doc["modelDir"], os.path.realpath(self.model))
        self.assertEqual(set(doc["files"]), {"a.onnx", "tokenizer.json"})
        for name, entry in doc["files"].items():
            st = os.stat(os.path.join(self.model, name))
            self.assertEqual(entry, {"bytes": st.st_size, "mtimeNs": st.st_mtime_ns,
                                     "sha256": files[name]["sha256"].lower()})
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o644)
        self.assertEqual(sorted(os.listdir(self.model)), [".medmoe-verified.json", "a.onnx", "tokenizer.json"])
        self.assertFalse(os.path.exists(self.cache))

    def test_a_file_whose_size_is_not_the_manifests_is_left_out(self):
        files = make_model(self.model)
        with open(os.path.join(self.model, "a.onnx"), "ab") as out:
            out.write(b"!")
        path = verified.write_record(self.model, files, cache_root=self.cache)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(list(json.load(f)["files"]), ["tokenizer.json"])

    def test_a_second_record_replaces_the_first(self):
        files = make_model(self.model)
        verified.write_record(self.model, files, cache_root=self.cache)
        os.utime(os.path.join(self.model, "a.onnx"), ns=(1_700_000_000_123_456_789, 1_700_000_000_123_456_789))
        path = verified.write_record(self.model, files, cache_root=self.cache)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["files"]["a.onnx"]["mtimeNs"], 1_700_000_000_123_456_789)

    def test_the_cache_is_used_when_the_record_cannot_be_written_beside_the_model(self):
        # Given a model directory where the record's name is taken by a directory (not writable as a file,
        # even for root)
        files = make_model(self.model)
        os.mkdir(os.path.join(self.model, ".medmoe-verified.json"))
        # When writing its record
        path = verified.write_record(self.model, files, cache_root=self.cache)
        # Then it goes to the cache, under the key of the directory's real path, and names the directory
        key = hashlib.sha256(os.path.realpath(self.model).encode("utf-8")).hexdigest()[:32]
        self.assertEqual(path, os.path.join(self.cache, "verified-" + key + ".json"))
        with open(path, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["modelDir"], os.path.realpath(self.model))
        self.assertEqual([n for n in os.listdir(self.model) if n.endswith(".tmp")], [])

    def test_nothing_is_written_when_neither_place_is_writable(self):
        files = make_model(self.model)
        os.mkdir(os.path.join(self.model, ".medmoe-verified.json"))
        blocker = os.path.join(self.root, "not-a-directory")
        with open(blocker, "w", encoding="utf-8") as out:
            out.write("x")
        self.assertIsNone(verified.write_record(self.model, files, cache_root=blocker))

    def test_the_default_cache_follows_xdg_cache_home(self):
        previous = os.environ.get("XDG_CACHE_HOME")
        try:
            os.environ["XDG_CACHE_HOME"] = self.cache
            self.assertEqual(verified.default_cache_root(), os.path.join(self.cache, "medmoe"))
        finally:
            if previous is None:
                os.environ.pop("XDG_CACHE_HOME", None)
            else:
                os.environ["XDG_CACHE_HOME"] = previous


if __name__ == "__main__":
    unittest.main()
