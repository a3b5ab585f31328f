from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from civildesk.org.services import audit_record


class Command(BaseCommand):
    help = (
        "Load the demo province (idempotent). Each CivilDesk app may ship a demo.py "
        "with load(stdout); they run in INSTALLED_APPS order."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        summary: dict[str, Any] = {}
        for config in apps.get_app_configs():
            if not config.name.startswith("civildesk."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            result = module.load(stdout=self.stdout)
            if result and any(result.values()):
                summary[config.label] = result
            self.stdout.write(f"demo {config.label}: {result}")
        if summary:
            audit_record(actor=None, action="org.demo_load", summary=summary)
        if not options["quiet"]:
            self._print_logins()

    def _print_logins(self) -> None:
        from collections import defaultdict

        from civildesk.org.demo import DEMO_PASSWORD
        from civildesk.org.models import RoleAssignment

        roles: dict[str, list[str]] = defaultdict(list)
        units: dict[str, str] = {}
        for a in RoleAssignment.objects.select_related("user", "unit").order_by("user__username", "role"):
            roles[a.user.username].append(a.role)
            units.setdefault(a.user.username, a.unit.code)
        self.stdout.write(self.style.SUCCESS(f"Demo province loaded. Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, user_roles in roles.items():
            self.stdout.write(f"  {username:24} {', '.join(sorted(set(user_roles))):28} {units[username]}")
