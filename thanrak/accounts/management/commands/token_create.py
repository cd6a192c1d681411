from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thanrak.accounts.actions import token_create
from thanrak.accounts.models import User


class Command(BaseCommand):
    help = "Make a personal access token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("username")  # type: ignore[attr-defined]
        parser.add_argument("--name", default="command line")  # type: ignore[attr-defined]

    def handle(self, *args: object, username: str, name: str, **options: object) -> None:
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"no active user {username!r}") from exc
        _token, key = token_create(user=user, name=name, at=timezone.now())
        self.stdout.write(key)
