"""Saving the per-language versions of a hub-written text (see :mod:`i18n_content`)."""

from django.db import transaction

from . import audit


def save_translations(*, obj, translations: dict, hub, actor):
    """Replace ``obj.translations`` (the original texts stay as they are). Side effects: the
    row is saved under a lock and an audit entry ``translations.saved`` names the languages."""
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        locked.translations = translations
        locked.save(update_fields=["translations"])
        audit.record(actor=actor, action="translations.saved", target=locked, hub=hub,
                     data={"languages": sorted(translations)})
    return locked
