"""File storage behind one interface: local disk by default (served at /files/), object storage in production."""

from __future__ import annotations

import os
import re
from pathlib import Path

from flask import current_app

SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-./]{0,200}$")


class LocalStorage:
    def __init__(self, base_dir: str, url_prefix: str = "/files/"):
        self.base = Path(base_dir)
        self.url_prefix = url_prefix

    def _path(self, key: str) -> Path:
        if not SAFE_KEY.match(key) or ".." in key.split("/"):
            raise ValueError(f"unsafe storage key: {key!r}")
        return self.base / key

    def save(self, key: str, data: bytes) -> str:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # readers never see half a file
        return key

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def url(self, key: str) -> str:
        return self.url_prefix + key

    def local_path(self, key: str) -> Path:
        return self._path(key)

    def list(self, prefix: str):
        """(key, modified time as a UNIX timestamp) of every file under prefix."""
        root = self._path(prefix.rstrip("/"))
        if not root.is_dir():
            return
        for path in root.rglob("*"):
            if path.is_file() and not path.name.endswith(".tmp"):
                yield path.relative_to(self.base).as_posix(), path.stat().st_mtime

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def get_storage() -> LocalStorage:
    return current_app.extensions["crab_storage"]


def init_storage(app):
    app.extensions["crab_storage"] = LocalStorage(app.config["STORAGE_DIR"])
