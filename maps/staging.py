"""Uploaded boundary files waiting for review, kept in the upload folder (shared by all app processes)."""
from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
# A preview nobody confirmed within a day is abandoned; its file goes.
MAX_AGE_SECONDS = 24 * 3600


class UploadStorageError(Exception):
    """The upload folder cannot take the file (full, read-only, no permission); nothing was kept."""


def storage_message(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("The server has no room left for uploaded files. Nothing was saved; please tell the "
                 "service administrator and try again later.")
    return _("The server cannot store uploaded files just now (the upload folder cannot be written). "
             "Nothing was saved; please tell the service administrator and try again later.")


@dataclass
class StagedUpload:
    token: str
    folder: str
    meta: dict

    @property
    def path(self) -> str:
        return os.path.join(self.folder, self.meta["stored_name"])

    def save_meta(self) -> None:
        # Written beside and renamed over, so a full disk leaves the previous answers whole.
        # The folder's time is the upload's age (purge_abandoned): answering the preview must not renew it.
        target = os.path.join(self.folder, "meta.json")
        temporary = target + ".tmp"
        try:
            before = os.stat(self.folder)
            with open(temporary, "w", encoding="utf-8") as handle:
                json.dump(self.meta, handle)
            os.replace(temporary, target)
            os.utime(self.folder, ns=(before.st_atime_ns, before.st_mtime_ns))
        except OSError as error:
            _remove_quietly(temporary)
            raise UploadStorageError(storage_message(error)) from error


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


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
    token = secrets.token_urlsafe(18)
    folder = os.path.join(_root(), token)
    stored = secure_filename(filename) or "upload"
    try:
        purge_abandoned()
        os.makedirs(folder)
        with open(os.path.join(folder, stored), "wb") as handle:
            shutil.copyfileobj(stream, handle)
        upload = StagedUpload(token, folder, {
            "filename": filename, "stored_name": stored, "user_id": user_id, "municipality_id": municipality_id,
            "attribution": attribution, "note": note, "options": {},
        })
        upload.save_meta()
    except (OSError, UploadStorageError) as error:
        # No half-written file may stay behind to be previewed or fill the disk further.
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(error, UploadStorageError):
            raise
        raise UploadStorageError(storage_message(error)) from error
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
