"""The verification record of a model directory, as the Java service reads it.

The service checks every file's size at each start, but computes a file's SHA-256 only when no
record vouches for it: a record remembers, per file, the size and modification time (nanoseconds)
the file had when its hash was found equal to the manifest's. The exporter has just computed the
hashes of the files it wrote, so it writes the record too, and a fresh export starts without
hashing. Format ``medmoe-verified/1``, documented in ``docs/model-runtime.md``; the Java side is
``org.medmoe.model.VerificationStore``.

Standard library only (no torch), so that it can be loaded on its own.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Dict, Mapping, Optional

FORMAT = "medmoe-verified/1"
RECORD_FILE = ".medmoe-verified.json"


def default_cache_root() -> Optional[str]:
    """``$XDG_CACHE_HOME/medmoe`` when that is an absolute path, else ``~/.cache/medmoe``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "medmoe")
    home = os.path.expanduser("~")
    return None if home == "~" else os.path.join(home, ".cache", "medmoe")


def cache_file(cache_root: str, model_dir: str) -> str:
    """Where the record of ``model_dir`` lives in the per-user cache: keyed by its real path."""
    key = hashlib.sha256(os.path.realpath(model_dir).encode("utf-8")).hexdigest()[:32]
    return os.path.join(cache_root, "verified-" + key + ".json")


def record(model_dir: str, manifest_files: Mapping[str, Mapping]) -> dict:
    """The record of the files in ``manifest_files`` (``model.json``'s ``files``: name to ``sha256``
    and ``bytes``) as they are now. A file whose size is not the manifest's is left out (the
    service then hashes it, and refuses it if it differs)."""
    files: Dict[str, dict] = {}
    for name, entry in manifest_files.items():
        st = os.stat(os.path.join(model_dir, name))
        if st.st_size != entry["bytes"]:
            continue
        files[name] = {"bytes": st.st_size, "mtimeNs": st.st_mtime_ns, "sha256": entry["sha256"].lower()}
    return {"format": FORMAT, "modelDir": os.path.realpath(model_dir), "files": files}


def _write_atomically(path: str, document: dict) -> None:
    fd, tmp = tempfile.mkstemp(prefix=RECORD_FILE + "-", suffix=".tmp", dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, indent=2)
            out.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_record(model_dir: str, manifest_files: Mapping[str, Mapping],
                 cache_root: Optional[str] = None) -> Optional[str]:
    """Writes the record of ``model_dir`` beside it (``.medmoe-verified.json``), or, when the
    directory does not take a new file, into the per-user cache (``cache_root``, default
    :func:`default_cache_root`). The hashes are taken from ``manifest_files``: call it right after
    computing them from the files. Returns the path written, or None when neither place is
    writable (the service then hashes the files at its start)."""
    document = record(model_dir, manifest_files)
    try:
        path = os.path.join(model_dir, RECORD_FILE)
        _write_atomically(path, document)
        return path
    except OSError:
        pass
    root = cache_root if cache_root is not None else default_cache_root()
    if root is None:
        return None
    try:
        os.makedirs(root, mode=0o700, exist_ok=True)
        path = cache_file(root, model_dir)
        _write_atomically(path, document)
        return path
    except OSError:
        return None
