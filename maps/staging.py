"""Uploaded boundary files waiting for review, kept in the upload folder (shared by all app processes)."""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass

from flask import current_app
from werkzeug.utils import secure_filename

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
# A preview nobody confirmed within a day is abandoned; its file goes.
MAX_AGE_SECONDS = 24 * 3600


@dataclass
class StagedUpload:
    token: str
    folder: str
    meta: dict

    @property
    def path(self) -> str:
        return os.path.join(self.folder, self.meta["stored_name"])

    def save_meta(self) -> None:
        with open(os.path.join(self.folder, "meta.json"), "w", encoding="utf-8") as handle:
            json.dump(self.meta, handle)


def _root() -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], "maps-imports")


def purge_abandoned(now: float | None = None) -> int:
    """Delete staged uploads older than a day; returns how many went."""
    root, now, removed = _root(), now or time.time(), 0
    if not os.path.isdir(root):
        return 0
    for name in os.listdir(root):
        folder = os.path.join(root, name)
        if os.path.isdir(folder) and now - os.path.getmtime(folder) > MAX_AGE_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def stage(stream, filename: str, *, user_id: int, municipality_id: int, attribution: str = "", note: str = "") -> StagedUpload:
    """Store an uploaded file under a fresh random token."""
    purge_abandoned()
    token = secrets.token_urlsafe(18)
    folder = os.path.join(_root(), token)
    os.makedirs(folder)
    stored = secure_filename(filename) or "upload"
    with open(os.path.join(folder, stored), "wb") as handle:
        shutil.copyfileobj(stream, handle)
    upload = StagedUpload(token, folder, {
        "filename": filename, "stored_name": stored, "user_id": user_id, "municipality_id": municipality_id,
        "attribution": attribution, "note": note, "options": {},
    })
    upload.save_meta()
    return upload


def load(token: str) -> StagedUpload | None:
    """The staged upload for a token, or None when unknown, expired or malformed."""
    if not TOKEN.match(token or ""):
        return None
    folder = os.path.join(_root(), token)
    try:
        with open(os.path.join(folder, "meta.json"), encoding="utf-8") as handle:
            return StagedUpload(token, folder, json.load(handle))
    except (OSError, ValueError):
        return None


def discard(upload: StagedUpload) -> None:
    shutil.rmtree(upload.folder, ignore_errors=True)
