"""Tensor-by-tensor checkpoint readers: safetensors by offset, torch .bin without unpickling code."""
import json
import os
import pickle
import tempfile
import unittest
import zipfile

import numpy as np
import torch

from support import REPO, TOOLS  # noqa: F401  (sets the import path)

from medmoe_ref.weights import CheckpointError, CheckpointReader, SafetensorsFile, TorchBinFile

ROUTERS = os.path.join(REPO, "tools", "fixtures", "released-routers")


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for key, (dtype, array) in tensors.items():
        raw = array.tobytes()
        header[key] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    encoded = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(len(encoded).to_bytes(8, "little"))
        f.write(encoded)
        for raw in blobs:
            f.write(raw)


class WeightsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_released_router_files_read_as_torch_loads_them(self):
        for name, width in (("phi_router.pth", 2560), ("stablelm_router.pth", 2048)):
            path = os.path.join(ROUTERS, name)
            expected = torch.load(path, map_location="cpu")
            lazy = TorchBinFile(path)
            self.assertEqual(sorted(lazy.keys()), ["fc1.bias", "fc1.weight"])
            self.assertEqual(lazy.info("fc1.weight").shape, (4, width))
            for key in ("fc1.weight", "fc1.bias"):
                np.testing.assert_array_equal(lazy.read(key), expected[key].numpy())

    def test_bin_reader_keeps_bfloat16_shared_storage_and_views(self):
        base = torch.randn(6, 8).to(torch.bfloat16)
        state = {"a": base, "shared": base, "view": base[2:4], "transposed": base.t(), "ids": torch.arange(5)}
        torch.save(state, self.path("pytorch_model.bin"))
        lazy = TorchBinFile(self.path("pytorch_model.bin"))
        for key, tensor in state.items():
            expected = tensor.float().numpy() if tensor.is_floating_point() else tensor.numpy()
            np.testing.assert_array_equal(lazy.read(key), expected, key)
        self.assertEqual(lazy.read("a").dtype, np.float32)

    def test_bin_reader_refuses_a_pickle_that_would_run_code(self):
        class Payload:
            def __reduce__(self):
                return (os.system, ("true",))

        with zipfile.ZipFile(self.path("evil.bin"), "w") as z:
            z.writestr("archive/data.pkl", pickle.dumps({"x": Payload()}))
        with self.assertRaisesRegex(CheckpointError, "refusing to unpickle"):
            TorchBinFile(self.path("evil.bin"))

    def test_safetensors_widens_bf16_and_f16_exactly(self):
        value = torch.tensor([[1.0, -2.5], [3.140625, 1e-3]]).to(torch.bfloat16)
        bits = value.view(torch.int16).numpy().view(np.uint16)
        half = np.array([0.5, -65504.0], dtype=np.float16)
        write_safetensors(self.path("x.safetensors"), {"w": ("BF16", bits), "h": ("F16", half)})
        f = SafetensorsFile(self.path("x.safetensors"))
        np.testing.assert_array_equal(f.read("w"), value.float().numpy())
        np.testing.assert_array_equal(f.read("h"), half.astype(np.float32))

    def test_safetensors_with_offsets_beyond_the_file_is_refused(self):
        write_safetensors(self.path("x.safetensors"), {"w": ("F32", np.zeros(4, np.float32))})
        with open(self.path("x.safetensors"), "r+b") as f:
            f.truncate(os.path.getsize(self.path("x.safetensors")) - 4)
        with self.assertRaisesRegex(CheckpointError, "do not fit"):
            SafetensorsFile(self.path("x.safetensors"))

    def test_reader_prefers_safetensors_and_checks_the_index(self):
        write_safetensors(self.path("model-00001-of-00001.safetensors"), {"w": ("F32", np.ones(2, np.float32))})
        torch.save({"w": torch.zeros(2)}, self.path("pytorch_model.bin"))
        reader = CheckpointReader(self.tmp.name)
        self.assertEqual(reader.kind(), "safetensors")
        np.testing.assert_array_equal(reader.read("w"), [1, 1])
        with open(self.path("model.safetensors.index.json"), "w") as f:
            json.dump({"weight_map": {"w": "model-00001-of-00001.safetensors", "v": "model-00001-of-00001.safetensors"}}, f)
        with self.assertRaisesRegex(CheckpointError, "does not hold it"):
            CheckpointReader(self.tmp.name)

    def test_a_directory_without_weights_is_refused(self):
        with self.assertRaisesRegex(CheckpointError, "no \\*.safetensors or pytorch_model"):
            CheckpointReader(self.tmp.name)


if __name__ == "__main__":
    unittest.main()
