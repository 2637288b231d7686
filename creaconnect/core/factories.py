"""The base of every app's model factories (factory_boy), and the audit entry's factory.

Factories build rows for tests and for the demo and scale seeders. They write outside the
hub scope (``scopes_disabled``): a factory is called outside any scope as often as inside
one, and building a row is not a read that could leak another hub's data.
"""

import factory
from django_scopes import scopes_disabled

from .models import AuditEntry, SaveMark


class ModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)

    @classmethod
    def build_with_ids(cls, ids=None, **fields):
        """One unsaved row for a seeder's ``bulk_create``. ``ids``: foreign keys given by id
        alone (a person among thousands), so the factory makes no related row for them."""
        ids = ids or {}
        row = cls.build(**fields, **dict.fromkeys(ids))
        for name, pk in ids.items():
            setattr(row, f"{name}_id", pk)
        return row


class AuditEntryFactory(ModelFactory):
    class Meta:
        model = AuditEntry

    action = "hub.updated"


class SaveMarkFactory(ModelFactory):
    class Meta:
        model = SaveMark

    target = factory.Sequence(lambda n: f"programme.application:{n}")
    client = "client-1"
    seq = factory.Sequence(lambda n: 1_000 + n)
