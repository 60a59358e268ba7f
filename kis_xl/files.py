"""Writing a file so that no reader ever sees half of it: a private temp file beside it, then a rename."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def write_bytes(path: str | Path, data: bytes, *, private: bool = True) -> None:
    """Atomically replace ``path`` with ``data``; mode 0600 unless ``private`` is False (folders made 0700)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, 0o600 if private else 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: str | Path, data, *, private: bool = True) -> None:
    """Atomically replace ``path`` with ``data`` as JSON (UTF-8); mode 0600 unless ``private`` is False."""
    write_bytes(path, json.dumps(data, ensure_ascii=False).encode("utf-8"), private=private)
