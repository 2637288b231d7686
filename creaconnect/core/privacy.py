"""Personal data across apps: collect it for an export, scrub it for an erasure.

Domain-free: every app contributes through ``registry.privacy_providers`` (see there for the
provider protocol). This module only walks the providers, and offers the text-scrubbing
helpers they share. The audit log's own provider is here too, since the audit log is core's.
"""

import re
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import AuditEntry

# What a removed person is called from now on, wherever their name was shown.
FORMER_MEMBER = "Former member"


def anonymous_email(user_id) -> str:
    return f"deleted-{user_id}@invalid"


@dataclass
class Identity:
    """What identified the person before erasure: matched and replaced in free text."""

    user_id: int
    email: str
    name: str
    files_to_delete: list = field(default_factory=list)

    @classmethod
    def of(cls, user) -> "Identity":
        return cls(user_id=user.pk, email=user.email or "", name=user.display_name or "")

    @property
    def terms(self) -> list[str]:
        """The e-mail, its local part, the full name and each name part of 3+ letters."""
        terms = {self.email, self.email.split("@")[0], self.name}
        terms.update(part for part in re.split(r"[\s,.'’-]+", self.name) if len(part) >= 3)
        return sorted((t for t in terms if t and len(t) >= 3), key=len, reverse=True)

    def _pattern(self):
        terms = self.terms
        if not terms:
            return None
        return re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in terms),
                          re.IGNORECASE)

    def scrub(self, value):
        """``value`` (text, or JSON-like data) with every identifying term replaced."""
        pattern = self._pattern()
        if pattern is None:
            return value
        return _scrub(value, pattern, self)

    def q(self, *fields: str) -> Q:
        """A filter matching rows whose ``fields`` mention any identifying term."""
        query = Q()
        for name in fields:
            for term in self.terms:
                query |= Q(**{f"{name}__icontains": term})
        return query

    def discard(self, field_file):
        """Delete ``field_file`` from storage once the erasure has committed."""
        if field_file:
            self.files_to_delete.append((field_file.storage, field_file.name))


def _scrub(value, pattern, identity):
    if isinstance(value, str):
        return pattern.sub(
            lambda m: anonymous_email(identity.user_id) if "@" in m.group(0) else FORMER_MEMBER,
            value)
    if isinstance(value, dict):
        return {_scrub(k, pattern, identity): _scrub(v, pattern, identity)
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v, pattern, identity) for v in value]
    return value


def providers() -> list:
    return sorted(registry.privacy_providers, key=lambda p: (p.order, p.key))


def collect(user) -> tuple[dict, list[tuple[str, object]]]:
    """Everything about ``user``: ``({section: data}, [(section, FieldFile), ...])``."""
    data, files = {}, []
    for provider in providers():
        data[provider.key] = provider.export(user)
        files.extend((provider.key, f) for f in provider.files(user) if f)
    return data, files


def erase(user) -> Identity:
    """Anonymise ``user`` through every provider in one transaction; files go after commit.

    Side effects: rows changed or deleted by every app; audit entry written by the caller.
    """
    identity = Identity.of(user)
    with transaction.atomic():
        for provider in providers():
            provider.anonymise(user, identity)
        transaction.on_commit(lambda: _delete_files(identity.files_to_delete))
    return identity


def _delete_files(files):
    for storage, name in files:
        if name and storage.exists(name):
            storage.delete(name)


class AuditPrivacy:
    """Audit entries by or about the person: exported; on erasure the events stay but lose
    identifying text (``target_label`` and ``data``)."""

    key = "audit"
    order = 90
    label = _("Audit log entries")

    def _about(self, user):
        return Q(actor=user) | Q(target_type=user._meta.label_lower, target_id=str(user.pk))

    def export(self, user):
        return [
            {"time": e.created, "action": e.action, "target": e.target_label,
             "by_you": e.actor_id == user.pk}
            for e in AuditEntry.objects.filter(self._about(user)).order_by("created")[:5000]
        ]

    def files(self, user):
        return []

    def anonymise(self, user, identity):
        AuditEntry.objects.filter(target_type=user._meta.label_lower,
                                  target_id=str(user.pk)).update(target_label=FORMER_MEMBER)
        mentions = (AuditEntry.objects.annotate(data_text=Cast("data", TextField()))
                    .filter(identity.q("target_label", "data_text")))
        for entry in mentions.iterator():
            entry.target_label = identity.scrub(entry.target_label)[:300]
            entry.data = identity.scrub(entry.data)
            entry.save(update_fields=["target_label", "data"])
        # Django admin's own change log names the objects it changed.
        for log in LogEntry.objects.filter(identity.q("object_repr", "change_message")):
            log.object_repr = identity.scrub(log.object_repr)[:200]
            log.change_message = identity.scrub(log.change_message)
            log.save(update_fields=["object_repr", "change_message"])


registry.privacy_providers.append(AuditPrivacy())
