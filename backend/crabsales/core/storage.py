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


def get_storage() -> LocalStorage:
    return current_app.extensions["crab_storage"]


def init_storage(app):
    app.extensions["crab_storage"] = LocalStorage(app.config["STORAGE_DIR"])
