"""Privacy services: personal data export, consents, account erasure and retention.

What each app holds about a person comes from its provider in
``creaconnect.core.registry.privacy_providers`` (see ``creaconnect.core.privacy``).
"""

import io
import json
import logging
import os
import zipfile
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from creaconnect.core import audit, privacy, registry
from creaconnect.core.privacy import FORMER_MEMBER

from .choices import ConsentKind
from .models import ConsentRecord, DataExport, ExportState, User
from .services import withdraw_consent as withdraw_account_consent

logger = logging.getLogger(__name__)

# Accepted to have an account at all: not withdrawable on their own (delete the account).
CONTRACT_KINDS = {ConsentKind.TERMS, ConsentKind.PRIVACY}


class PrivacyError(Exception):
    """A request the person cannot make now (shown to them as a message)."""


# --- Export ------------------------------------------------------------------------------

def request_export(*, user) -> DataExport:
    """Queue a data export, or return the one already queued or running."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
        existing = DataExport.objects.filter(
            user=user, state__in=[ExportState.QUEUED, ExportState.RUNNING]).first()
        if existing:
            return existing
        export = DataExport.objects.create(user=user)
        audit.record(actor=user, action="account.data_export_requested", target=user)
        transaction.on_commit(lambda: enqueue_export(export.pk))
    return export


def enqueue_export(export_id: int) -> bool:
    from .tasks import task_build_export

    try:
        task_build_export.apply_async(args=[export_id], retry=False)
        return True
    except (BrokerError, OSError) as exc:
        logger.warning("export %s not queued (%s)", export_id, type(exc).__name__)
        return False


def build_zip(user) -> bytes:
    """A zip with ``data.json`` (every app's section) and the person's files under files/."""
    data, files = privacy.collect(user)
    document = {"generated_at": timezone.now(), "person": user.pk, **data}
    buffer = io.BytesIO()
    used = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, cls=DjangoJSONEncoder, indent=2,
                                                 ensure_ascii=False))
        for section, field_file in files:
            if not field_file.storage.exists(field_file.name):
                continue
            name = f"files/{section}/{os.path.basename(field_file.name)}"
            stem, n = name, 1
            while name in used:
                n += 1
                name = f"{os.path.splitext(stem)[0]}-{n}{os.path.splitext(stem)[1]}"
            used.add(name)
            with field_file.storage.open(field_file.name, "rb") as handle:
                archive.writestr(name, handle.read())
    return buffer.getvalue()


def run_export(export_id: int) -> str:
    """Build a queued export. Idempotent: only a queued row is claimed, under a lock."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None:
            logger.info("export %s no longer exists", export_id)
            return "missing"
        if export.state != ExportState.QUEUED:
            return "skipped"
        export.state, export.progress = ExportState.RUNNING, 10
        export.save(update_fields=["state", "progress"])
    try:
        payload = build_zip(export.user)
        DataExport.objects.filter(pk=export.pk).update(progress=80)
        name = f"creaconnect-data-{timezone.now():%Y%m%d-%H%M%S}.zip"
        export.file.save(name, ContentFile(payload), save=False)
    except Exception as exc:  # an export must end failed, never stay running
        logger.exception("export %s failed", export.pk)
        DataExport.objects.filter(pk=export.pk).update(
            state=ExportState.FAILED, error=f"{type(exc).__name__}"[:200],
            finished_at=timezone.now(), progress=100)
        return "failed"
    DataExport.objects.filter(pk=export.pk).update(
        state=ExportState.DONE, file=export.file.name, size=len(payload),
        finished_at=timezone.now(), progress=100)
    return "done"


# --- Consents ----------------------------------------------------------------------------

def consents_for_user(user) -> list[dict]:
    """Every consent the person gave, from the accounts app and every provider that has some."""
    rows = [
        {"id": f"account:{c.pk}", "label": c.get_kind_display(), "version": c.version,
         "given_at": c.given_at, "withdrawn_at": c.withdrawn_at,
         "active": c.withdrawn_at is None,
         "state": _("Given") if c.withdrawn_at is None else _("Withdrawn"),
         # Terms and privacy notice are the basis of the account itself: they end with it.
         "withdrawable": c.withdrawn_at is None and c.kind not in CONTRACT_KINDS,
         "note": _("Ends when you delete your account") if c.kind in CONTRACT_KINDS else ""}
        for c in ConsentRecord.objects.filter(user=user).order_by("-given_at")
    ]
    for provider in privacy.providers():
        if hasattr(provider, "consents"):
            rows.extend(provider.consents(user))
    return rows


def withdraw(*, user, consent_id: str) -> bool:
    """Withdraw one consent by its id from :func:`consents_for_user`; False if not theirs."""
    section, _sep, pk = consent_id.partition(":")
    if not pk.isdigit():
        return False
    if section == "account":
        record = ConsentRecord.objects.filter(user=user, pk=pk,
                                              withdrawn_at__isnull=True).first()
        if record is None or record.kind in CONTRACT_KINDS:
            return False
        return withdraw_account_consent(user=user, kind=record.kind) > 0
    for provider in registry.privacy_providers:
        if provider.key == section and hasattr(provider, "withdraw_consent"):
            return provider.withdraw_consent(user, int(pk))
    return False


# --- Erasure -----------------------------------------------------------------------------

def delete_account(*, user) -> None:
    """Anonymise the account everywhere (see each app's ``privacy.py``); irreversible.

    The audit entry keeps the event, not who it was.
    """
    if not user.is_active or user.display_name == FORMER_MEMBER and user.email.endswith(
            "@invalid"):
        raise PrivacyError(_("This account has already been deleted."))
    with transaction.atomic():
        privacy.erase(user)
        audit.record(actor=None, action="account.deleted", target=user)


# --- Retention ---------------------------------------------------------------------------

def _days(name: str) -> timedelta:
    return timedelta(days=getattr(settings, name))


def retention_periods() -> dict[str, int]:
    """The periods the job applies and the public privacy page states (days)."""
    return {
        "unverified_accounts": settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS,
        "rejected_application_files": settings.RETENTION_REJECTED_APPLICATION_FILES_DAYS,
        "data_exports": settings.RETENTION_DATA_EXPORT_DAYS,
        "notification_bodies": settings.RETENTION_NOTIFICATION_BODY_DAYS,
    }


def purge_unverified_accounts(now=None) -> int:
    """Delete accounts that never verified an address and never signed in after sign-up."""
    limit = (now or timezone.now()) - _days("RETENTION_UNVERIFIED_ACCOUNT_DAYS")
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    stale = (User.objects.filter(date_joined__lt=limit, last_login__isnull=True,
                                 is_staff=False, is_superuser=False, is_programme_admin=False)
             .exclude(Exists(verified)))
    count = 0
    for user in stale.iterator():
        try:
            with transaction.atomic():
                user.delete()
            count += 1
        except ProtectedError:  # a row that must stay points at them: anonymise instead
            delete_account(user=user)
            count += 1
    return count


def purge_expired_exports(now=None) -> int:
    limit = (now or timezone.now()) - _days("RETENTION_DATA_EXPORT_DAYS")
    count = 0
    for export in DataExport.objects.filter(created__lt=limit):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count


def apply_retention(now=None) -> dict[str, int]:
    """Every app's retention rule (registered ``retention`` methods) plus the accounts' own."""
    now = now or timezone.now()
    done = {"unverified_accounts": purge_unverified_accounts(now),
            "data_exports": purge_expired_exports(now)}
    for provider in privacy.providers():
        if hasattr(provider, "apply_retention"):
            done.update(provider.apply_retention(now))
    logger.info("retention applied: %s", done)
    return done
