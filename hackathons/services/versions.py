"""Submission versions: every save keeps one (:func:`.submissions.record_version`); the team
reads them, compares two and restores one.

A comparison is a line diff (``difflib``) of each text field, plus the files added and
removed. Restoring copies an old version's fields and file list back onto the draft and saves
that as a new version, so nothing is lost: the version that was current before the restore
stays in the list.
"""

import difflib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creaconnect.core import audit

from ..models import Challenge, Submission, SubmissionFile, SubmissionVersion
from . import HackathonError
from .common import now
from .submissions import _check_open, _lock_draft, record_version

#: The text fields a version keeps, with their labels, in the order pages show them.
TEXT_FIELDS = (
    ("title", gettext_lazy("Title")),
    ("summary", gettext_lazy("Summary")),
    ("description", gettext_lazy("Description")),
    ("repository_url", gettext_lazy("Repository")),
    ("video_url", gettext_lazy("Video")),
    ("demo_url", gettext_lazy("Demo")),
)


@dataclass
class FieldDiff:
    label: str
    lines: list  # (kind, text): kind is "same", "added" or "removed"
    changed: bool


@dataclass
class Comparison:
    older: SubmissionVersion
    newer: SubmissionVersion
    fields: list = field(default_factory=list)
    files_added: list = field(default_factory=list)
    files_removed: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (any(f.changed for f in self.fields) or bool(self.files_added)
                or bool(self.files_removed))


def _lines(value) -> list[str]:
    return str(value or "").splitlines() or [""]


def diff_lines(old, new) -> list[tuple[str, str]]:
    """``old`` → ``new`` line by line: ``("same"|"removed"|"added", text)``."""
    out = []
    for line in difflib.ndiff(_lines(old), _lines(new)):
        code, text = line[:2], line[2:]
        if code == "  ":
            out.append(("same", text))
        elif code == "- ":
            out.append(("removed", text))
        elif code == "+ ":
            out.append(("added", text))
    return out


def compare_versions(a: SubmissionVersion, b: SubmissionVersion) -> Comparison:
    """The differences from the older of ``a`` and ``b`` to the newer."""
    older, newer = sorted((a, b), key=lambda v: v.number)
    result = Comparison(older=older, newer=newer)
    for name, label in TEXT_FIELDS:
        old, new = older.data.get(name, ""), newer.data.get(name, "")
        result.fields.append(FieldDiff(label=str(label), lines=diff_lines(old, new),
                                       changed=(old or "") != (new or "")))
    old_files = {f["id"]: f["name"] for f in older.data.get("files", [])}
    new_files = {f["id"]: f["name"] for f in newer.data.get("files", [])}
    result.files_added = [new_files[i] for i in new_files if i not in old_files]
    result.files_removed = [old_files[i] for i in old_files if i not in new_files]
    return result


def restore_version(*, submission: Submission, number: int, actor) -> SubmissionVersion:
    """Make version ``number`` the draft again (fields, challenge, files) as a new version.
    Team members only, while the draft may be edited. One audit entry."""
    with transaction.atomic():
        sub = _lock_draft(submission, actor, _("Reopen the submission to restore a version."))
        _check_open(sub)
        old = SubmissionVersion.objects.filter(submission=sub, number=number).first()
        if old is None:
            raise HackathonError(_("This version does not exist."))
        for name, _label in TEXT_FIELDS:
            if name in old.data:
                setattr(sub, name, old.data[name] or "")
        challenge = old.data.get("challenge")
        sub.challenge = (Challenge.objects.filter(hackathon=sub.hackathon, pk=challenge).first()
                         if challenge else None)
        keep = [f["id"] for f in old.data.get("files", [])]
        files = SubmissionFile.objects.filter(submission=sub)
        files.filter(pk__in=keep).update(removed_at=None)
        files.exclude(pk__in=keep).filter(removed_at__isnull=True).update(removed_at=now())
        version = record_version(sub, actor)
        audit.record(actor=actor, action="submission.version_restored", target=sub,
                     hub=sub.hackathon.hub, data={"from": number, "version": version.number})
    return version
