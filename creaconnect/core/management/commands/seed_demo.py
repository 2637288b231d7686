"""Load the demo data of every app, idempotently (``get_or_create`` by natural keys).

Each app that has demo data provides a ``demo`` module with ``seed(log)``; they run in
INSTALLED_APPS order, so features can rely on the hubs and people seeded before them.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled

DEMO_PASSWORD = "Demo-2026-creaconnect"  # noqa: S105  published demo logins, DEBUG only


class Command(BaseCommand):
    help = "Create the demo hubs, people and content (refuses to run in production mode)."

    def handle(self, *args, **options):
        if not settings.DEBUG and not settings.TESTING:
            raise CommandError("seed_demo only runs with DEBUG=true: it creates known passwords.")
        # Demo data spans every hub by nature.
        with scopes_disabled(), transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(self.log)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))

    def log(self, message: str):
        self.stdout.write(f"  {message}")
