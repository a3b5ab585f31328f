from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civildesk.org.models import ApiToken, User
from civildesk.org.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create (and print once) or revoke a personal API token: api_token USERNAME NAME | api_token --revoke PREFIX"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username", nargs="?")
        parser.add_argument("name", nargs="?", default="script")
        parser.add_argument("--revoke", metavar="PREFIX", help="revoke the token whose key starts with PREFIX")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["revoke"]:
            token = ApiToken.objects.filter(prefix=options["revoke"][:8], revoked_at__isnull=True).first()
            if token is None:
                raise CommandError("no active token with that prefix")
            api_token_revoke(actor=token.user, token=token)
            self.stdout.write(f"revoked {token}")
            return
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"unknown or inactive user {options['username']!r}") from exc
        _token, key = api_token_create(user=user, name=options["name"])
        self.stdout.write("Keep this key secret; it is shown only now:")
        self.stdout.write(key)
