"""Tensor-by-tensor readers for Hugging Face checkpoints: safetensors and PyTorch ``.bin`` files.

Nothing here maps a whole file into memory or loads a whole checkpoint: every tensor is read on
its own, by offset, with ``os.pread``, so the resident memory of an export stays at what is being
converted (the page cache that the reads fill is the kernel's, not the process's).

* ``.safetensors``: an 8-byte little-endian header length, a JSON header (dtype, shape and data
  offsets per tensor), then the raw data.
* ``pytorch_model*.bin`` as ``torch.save`` writes them since PyTorch 1.6: a zip archive whose
  ``data.pkl`` names storages kept uncompressed as ``data/<key>`` entries. The pickle is read with
  an allow-list of classes (a checkpoint is untrusted input and a pickle can run code); tensors
  become descriptors whose bytes are read from the archive when asked for.

Floating tensors come back as float32 numpy arrays (bfloat16 and float16 widened exactly), integer
ones in their own type.
"""
from __future__ import annotations

import collections
import glob
import json
import os
import pickle
import struct
import zipfile
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

import numpy as np

_SAFE_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "BF16": np.uint16,
                "I64": np.int64, "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8,
                "BOOL": np.bool_}
# Storage classes as torch.save pickles them, with the numpy type of their raw bytes.
_TORCH_STORAGES = {"FloatStorage": ("F32", np.float32), "DoubleStorage": ("F64", np.float64),
                   "HalfStorage": ("F16", np.float16), "BFloat16Storage": ("BF16", np.uint16),
                   "LongStorage": ("I64", np.int64), "IntStorage": ("I32", np.int32),
                   "ShortStorage": ("I16", np.int16), "CharStorage": ("I8", np.int8),
                   "ByteStorage": ("U8", np.uint8), "BoolStorage": ("BOOL", np.bool_)}
_TORCH_DTYPE_NAMES = {"float32": "FloatStorage", "float": "FloatStorage", "float64": "DoubleStorage",
                      "float16": "HalfStorage", "half": "HalfStorage", "bfloat16": "BFloat16Storage",
                      "int64": "LongStorage", "long": "LongStorage", "int32": "IntStorage",
                      "int16": "ShortStorage", "int8": "CharStorage", "uint8": "ByteStorage", "bool": "BoolStorage"}


class CheckpointError(ValueError):
    """A checkpoint file is missing, malformed or holds something this reader does not take."""


def _widen(array: np.ndarray, dtype: str) -> np.ndarray:
    """float32 for floating types (bfloat16 is the upper half of a float32), the array otherwise."""
    if dtype == "BF16":
        return (array.astype(np.uint32) << 16).view(np.float32)
    if dtype in ("F16", "F64"):
        return array.astype(np.float32)
    if dtype == "F32":
        return np.array(array, dtype=np.float32, copy=True)
    return np.array(array, copy=True)


def _pread(fd: int, offset: int, length: int, path: str) -> bytes:
    chunks = []
    done = 0
    while done < length:
        chunk = os.pread(fd, min(length - done, 1 << 30), offset + done)
        if not chunk:
            raise CheckpointError(f"{path}: file ends at byte {offset + done}, expected {length - done} more")
        chunks.append(chunk)
        done += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


@dataclass(frozen=True)
class TensorInfo:
    """Where one tensor lives and what it is."""

    dtype: str  # safetensors dtype name (F32, BF16, ...)
    shape: Tuple[int, ...]
    path: str


class SafetensorsFile:
    """One ``.safetensors`` file, read tensor by tensor."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.size = os.path.getsize(path)
        with open(path, "rb") as src:
            head = src.read(8)
            if len(head) != 8:
                raise CheckpointError(f"{path}: too short for a safetensors file")
            header_len = int.from_bytes(head, "little")
            if header_len > min(self.size - 8, 100_000_000):
                raise CheckpointError(f"{path}: header length {header_len} does not fit the file")
            try:
                header = json.loads(src.read(header_len))
            except ValueError as exc:
                raise CheckpointError(f"{path}: header is not JSON: {exc}") from exc
        header.pop("__metadata__", None)
        self.data_start = 8 + header_len
        self.header: Dict[str, dict] = header
        for key, entry in header.items():
            if entry.get("dtype") not in _SAFE_DTYPES:
                raise CheckpointError(f"{path}: unsupported dtype {entry.get('dtype')} for {key}")
            begin, end = entry["data_offsets"]
            count = int(np.prod(entry["shape"], dtype=np.int64))
            if end - begin != count * np.dtype(_SAFE_DTYPES[entry["dtype"]]).itemsize or \
                    self.data_start + end > self.size:
                raise CheckpointError(f"{path}: {key} has data offsets {begin}..{end} that do not fit its "
                                      f"shape {entry['shape']} or the file")

    def keys(self) -> Iterable[str]:
        return self.header.keys()

    def info(self, key: str) -> TensorInfo:
        entry = self.header[key]
        return TensorInfo(entry["dtype"], tuple(entry["shape"]), self.path)

    def read(self, key: str) -> np.ndarray:
        entry = self.header[key]
        begin, end = entry["data_offsets"]
        fd = os.open(self.path, os.O_RDONLY)
        try:
            raw = _pread(fd, self.data_start + begin, end - begin, self.path)
        finally:
            os.close(fd)
        array = np.frombuffer(raw, dtype=_SAFE_DTYPES[entry["dtype"]]).reshape(entry["shape"])
        return _widen(array, entry["dtype"])


class _StorageType:
    def __init__(self, name: str) -> None:
        if name not in _TORCH_STORAGES:
            raise CheckpointError(f"unsupported storage type {name}")
        self.name = name


@dataclass
class _Storage:
    key: str
    dtype: str
    numel: int


@dataclass
class _LazyTensor:
    storage: _Storage
    offset: int
    shape: Tuple[int, ...]
    stride: Tuple[int, ...]


def _rebuild_tensor(storage, storage_offset, size, stride, *_ignored) -> _LazyTensor:
    return _LazyTensor(storage, int(storage_offset), tuple(int(s) for s in size), tuple(int(s) for s in stride))


def _rebuild_parameter(data, *_ignored):
    return data


class _DtypeMarker:
    def __init__(self, name: str) -> None:
        self.name = name


class _AllowListUnpickler(pickle.Unpickler):
    """Reads ``data.pkl`` of a torch zip checkpoint without importing torch or running code."""

    _ALLOWED = {
        ("collections", "OrderedDict"): collections.OrderedDict,
        ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
        ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
        ("builtins", "set"): set,
    }

    def find_class(self, module: str, name: str):
        if (module, name) in self._ALLOWED:
            return self._ALLOWED[(module, name)]
        if module == "torch" and name in _TORCH_STORAGES:
            return _StorageType(name)
        if module == "torch" and name in _TORCH_DTYPE_NAMES:
            return _DtypeMarker(name)
        raise CheckpointError(f"refusing to unpickle {module}.{name} from a checkpoint")

    def persistent_load(self, pid):
        if not isinstance(pid, tuple) or not pid or pid[0] != "storage":
            raise CheckpointError(f"unexpected persistent id {pid!r}")
        storage_type, key, _location, numel = pid[1:5]
        if isinstance(storage_type, _DtypeMarker):  # torch >= 2: the dtype rather than a storage class
            storage_type = _StorageType(_TORCH_DTYPE_NAMES[storage_type.name])
        return _Storage(str(key), _TORCH_STORAGES[storage_type.name][0], int(numel))


class TorchBinFile:
    """One ``pytorch_model*.bin`` (torch zip format), read tensor by tensor."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.size = os.path.getsize(path)
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise CheckpointError(f"{path}: not a torch zip checkpoint (the pre-1.6 format is not read): "
                                  f"{exc}") from exc
        with archive:
            names = archive.namelist()
            pkl = [n for n in names if n.endswith("/data.pkl") or n == "data.pkl"]
            if len(pkl) != 1:
                raise CheckpointError(f"{path}: expected one data.pkl in the archive, found {len(pkl)}")
            self.prefix = pkl[0][:-len("data.pkl")]
            state = _AllowListUnpickler(archive.open(pkl[0])).load()
            self._entries = {info.filename: info for info in archive.infolist()}
        if not isinstance(state, dict):
            raise CheckpointError(f"{path}: the pickle holds a {type(state).__name__}, not a state dict")
        if "state_dict" in state and isinstance(state["state_dict"], dict):
            state = state["state_dict"]
        self.tensors: Dict[str, _LazyTensor] = {k: v for k, v in state.items() if isinstance(v, _LazyTensor)}
        self._data_offsets: Dict[str, int] = {}

    def keys(self) -> Iterable[str]:
        return self.tensors.keys()

    def info(self, key: str) -> TensorInfo:
        t = self.tensors[key]
        return TensorInfo(t.storage.dtype, t.shape, self.path)

    def _data_offset(self, storage_key: str) -> int:
        """Absolute offset of a stored (uncompressed) entry's bytes: after its local file header."""
        if storage_key not in self._data_offsets:
            name = f"{self.prefix}data/{storage_key}"
            info = self._entries.get(name)
            if info is None:
                raise CheckpointError(f"{self.path}: storage {name} is missing from the archive")
            if info.compress_type != zipfile.ZIP_STORED:
                raise CheckpointError(f"{self.path}: storage {name} is compressed; torch.save stores them raw")
            with open(self.path, "rb") as src:
                src.seek(info.header_offset)
                header = src.read(30)
            if header[:4] != b"PK\x03\x04":
                raise CheckpointError(f"{self.path}: bad local header for {name}")
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            self._data_offsets[storage_key] = info.header_offset + 30 + name_len + extra_len
        return self._data_offsets[storage_key]

    def read(self, key: str) -> np.ndarray:
        t = self.tensors[key]
        np_type = _TORCH_STORAGES[[n for n, v in _TORCH_STORAGES.items() if v[0] == t.storage.dtype][0]][1]
        item = np.dtype(np_type).itemsize
        count = int(np.prod(t.shape, dtype=np.int64))
        if count == 0:
            return _widen(np.zeros(t.shape, dtype=np_type), t.storage.dtype)
        span = 1 + sum((s - 1) * st for s, st in zip(t.shape, t.stride))
        if t.offset + span > t.storage.numel:
            raise CheckpointError(f"{self.path}: {key} reaches past its storage")
        fd = os.open(self.path, os.O_RDONLY)
        try:
            raw = _pread(fd, self._data_offset(t.storage.key) + t.offset * item, span * item, self.path)
        finally:
            os.close(fd)
        flat = np.frombuffer(raw, dtype=np_type)
        array = np.lib.stride_tricks.as_strided(flat, shape=t.shape, strides=tuple(s * item for s in t.stride))
        return _widen(np.ascontiguousarray(array), t.storage.dtype)


class CheckpointReader:
    """Every tensor of a checkpoint directory by name, read one at a time.

    Safetensors are preferred (``model.safetensors.index.json`` or every ``*.safetensors``); a
    directory with only ``pytorch_model*.bin`` files (with or without their index) is read from
    those. ``files`` lists the weight files in use.
    """

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self._where: Dict[str, object] = {}
        self.files: List[str] = []
        safetensors = self._from_index("model.safetensors.index.json", SafetensorsFile) or \
            self._from_glob("*.safetensors", SafetensorsFile)
        if not safetensors:
            if not (self._from_index("pytorch_model.bin.index.json", TorchBinFile)
                    or self._from_glob("pytorch_model*.bin", TorchBinFile)):
                raise CheckpointError(f"no *.safetensors or pytorch_model*.bin weights in {directory}")

    def _from_index(self, name: str, kind) -> bool:
        index = os.path.join(self.directory, name)
        if not os.path.exists(index):
            return False
        with open(index, encoding="utf-8") as src:
            weight_map = json.load(src).get("weight_map") or {}
        if not weight_map:
            raise CheckpointError(f"{index} has no weight_map")
        files = {}
        for file_name in sorted(set(weight_map.values())):
            path = os.path.join(self.directory, file_name)
            if not os.path.exists(path):
                raise CheckpointError(f"{index} names {file_name}, which is missing")
            files[file_name] = kind(path)
        for key, file_name in weight_map.items():
            if key not in files[file_name].keys():
                raise CheckpointError(f"{index} places {key} in {file_name}, which does not hold it")
            self._where[key] = files[file_name]
        self.files = [f.path for f in files.values()]
        return True

    def _from_glob(self, pattern: str, kind) -> bool:
        paths = sorted(glob.glob(os.path.join(self.directory, pattern)))
        for path in paths:
            shard = kind(path)
            self._where.update({key: shard for key in shard.keys()})
        self.files = paths
        return bool(paths)

    def keys(self) -> List[str]:
        return sorted(self._where)

    def __contains__(self, key: str) -> bool:
        return key in self._where

    def info(self, key: str) -> TensorInfo:
        if key not in self._where:
            raise KeyError(f"{key} is not in the checkpoint {self.directory}")
        return self._where[key].info(key)

    def shape(self, key: str) -> Tuple[int, ...]:
        return self.info(key).shape

    def read(self, key: str) -> np.ndarray:
        """The tensor as float32 (floating types) or its own integer type."""
        if key not in self._where:
            raise KeyError(f"{key} is not in the checkpoint {self.directory}")
        return self._where[key].read(key)

    def largest_file_bytes(self) -> int:
        return max((os.path.getsize(f) for f in self.files), default=0)

    def kind(self) -> str:
        return "safetensors" if self.files and self.files[0].endswith(".safetensors") else "pytorch-bin"


def first_present(reader: CheckpointReader, candidates: Iterable[str]) -> Optional[str]:
    for key in candidates:
        if key in reader:
            return key
    return None
