"""Moving files from the old single media folder into the public and private storages.

Before the split every file sat in one folder, ``MEDIA_ROOT/<name>``. Each app's data
migration calls :func:`move_field_files` for its own file fields; the files are copied into
the storage the field now uses (through the storage API, so any backend works), the row is
updated when the name changes, and only then is the old copy deleted.

Safe to run again and to interrupt: a file already in its new storage is left alone, a copy
that reached the new storage before an interruption is recognised (same bytes), and the old
copy is deleted only after the row names the new one. A file that exists nowhere is reported
and its row left untouched. The migrations run non-atomic so each row's new name is
committed before its old file goes.
"""

import logging
import os
import secrets

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from .storage import image_filename, is_public_name, random_filename

logger = logging.getLogger(__name__)

OLD_PRIVATE_PREFIX = "private/"


def legacy_storage():
    """The old layout: every file directly under ``MEDIA_ROOT``."""
    return FileSystemStorage(location=str(settings.MEDIA_ROOT), base_url=None)


# --- How an old name becomes a new one ----------------------------------------------------

def keep(name: str) -> str:
    return name


def drop_private_prefix(name: str) -> str:
    """``private/applications/…`` → ``applications/…`` (the storage is private already)."""
    return name.removeprefix(OLD_PRIVATE_PREFIX)


def public_image(name: str) -> str:
    """A public image's name in the exact shape the public route serves."""
    if is_public_name(name):
        return name
    folder, _sep, base = name.rpartition("/")
    return f"{folder}/{image_filename(base)}" if folder else image_filename(base)


def unguessable(name: str) -> str:
    """Reports and exports: an unguessable random part in the file name."""
    name = drop_private_prefix(name)
    folder, _sep, base = name.rpartition("/")
    return f"{folder}/{random_filename(base)}" if folder else random_filename(base)


# --- The move --------------------------------------------------------------------------------

def _local_path(storage, name):
    try:
        return os.path.realpath(storage.path(name))
    except NotImplementedError:  # a remote storage: never the same file as a local one
        return None
    except SuspiciousFileOperation:
        return None


def _same_bytes(a_storage, a_name, b_storage, b_name) -> bool:
    if a_storage.size(a_name) != b_storage.size(b_name):
        return False
    with a_storage.open(a_name, "rb") as a, b_storage.open(b_name, "rb") as b:
        while True:
            chunk_a, chunk_b = a.read(1 << 20), b.read(1 << 20)
            if chunk_a != chunk_b:
                return False
            if not chunk_a:
                return True


def move_field_files(model, field_name: str, rename=keep, *, legacy=None, log=None) -> dict:
    """Move every file of ``model.field_name`` from the old layout into the field's storage.

    ``model`` is a (historical) model class; ``rename`` maps an old name to the new one.
    Returns counts: ``moved``, ``renamed`` (row updated), ``already`` (in place), ``missing``.
    """
    legacy = legacy or legacy_storage()
    target = model._meta.get_field(field_name).storage
    counts = {"moved": 0, "renamed": 0, "already": 0, "missing": 0}
    done: dict[str, str] = {}  # old name → new name, for rows sharing one file
    rows = (model._base_manager.exclude(**{field_name: ""}).exclude(**{field_name: None})
            .values_list("pk", field_name).order_by("pk"))
    for pk, old in list(rows):
        if old in done:
            new, drop_old = done[old], False
        else:
            new, drop_old = _move_one(old, rename, legacy, target, counts)
        if new is None:
            continue
        done[old] = new
        if new != old:
            model._base_manager.filter(pk=pk, **{field_name: old}).update(**{field_name: new})
            counts["renamed"] += 1
        if drop_old:
            legacy.delete(old)  # only now: the row names the copy in the new storage
    message = (f"{model._meta.label}.{field_name}: {counts['moved']} moved, "
               f"{counts['renamed']} renamed, {counts['already']} in place, "
               f"{counts['missing']} missing")
    logger.info(message)
    if log:
        log(message)
    return counts


def _move_one(old, rename, legacy, target, counts):
    """``(new name, delete the old copy?)`` for the file named ``old``; new is None if the
    file is nowhere (then nothing changes)."""
    in_legacy = _safe_exists(legacy, old)
    if _safe_exists(target, old) and (not in_legacy or not _same_bytes(legacy, old, target,
                                                                       old)):
        # Already in the new storage (the app writes there now); a different file of the
        # same name in the old folder is not this row's: it stays where it is.
        counts["already"] += 1
        return old, False
    if not in_legacy:
        counts["missing"] += 1
        logger.warning("file %s is in neither the old nor the new storage", old)
        return None, False
    new = rename(old)
    old_path = _local_path(legacy, old)
    if old_path is not None and old_path == _local_path(target, new):
        counts["already"] += 1  # the same file on disk: only the name in the row changes
        return new, False
    if _safe_exists(target, new):
        if _same_bytes(legacy, old, target, new):
            counts["already"] += 1  # copied before an interruption
            return new, True
        new = _free_name(new)
    with legacy.open(old, "rb") as handle:
        saved = target.save(new, ContentFile(handle.read()))
    counts["moved"] += 1
    return saved, True


def _free_name(name):
    stem, ext = os.path.splitext(name)
    return f"{stem}-{secrets.token_hex(4)}{ext}"


def _safe_exists(storage, name) -> bool:
    try:
        return storage.exists(name)
    except Exception:  # noqa: BLE001  a name the storage refuses (traversal) is not there
        logger.warning("storage refused the name %r", name)
        return False
