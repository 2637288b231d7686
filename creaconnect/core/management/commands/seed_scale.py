"""Build a programme-scale data set in bulk on top of the demo data.

``--size small`` is about a hundredth of ``large`` (6 hubs, 60 calls, 20,000 users, 30,000
applications, ...). Each app contributes a ``scale`` module with ``seed(factor, log)``; they run
in INSTALLED_APPS order, with bulk inserts, so large takes minutes, not hours.
"""

import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_scopes import scopes_disabled

FACTORS = {"small": 0.01, "large": 1.0}


class Command(BaseCommand):
    help = "Bulk-create scale data for the benchmarks (on top of seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(FACTORS), default="small")
        parser.add_argument("--reuse", action="store_true",
                            help="leave the demo data alone when it is already there (the "
                                 "scale modules skip what exists anyway): fast re-runs")

    def handle(self, *args, size, reuse=False, **options):
        if not settings.DEBUG and not settings.TESTING:
            raise CommandError("seed_scale only runs in development, tests or the benchmark.")
        demo_there = get_user_model().objects.filter(
            email="participant@creaconnect.test").exists()
        if not (reuse and demo_there):
            call_command("seed_demo", verbosity=0)
        factor = FACTORS[size]
        started = time.monotonic()
        # Scale data spans every hub by nature.
        with scopes_disabled():
            for config in apps.get_app_configs():
                name = f"{config.name}.scale"
                if find_spec(name) is None:
                    continue
                t = time.monotonic()
                import_module(name).seed(factor, self.log)
                self.log(f"{config.label}: {time.monotonic() - t:.1f} s")
        # Fresh planner statistics: right after a bulk load the planner still believes the
        # tables are nearly empty, and the first benchmark minutes would measure bad plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            f"Scale data '{size}' ready in {time.monotonic() - started:.0f} s."))

    def log(self, message):
        self.stdout.write(f"  {message}")
