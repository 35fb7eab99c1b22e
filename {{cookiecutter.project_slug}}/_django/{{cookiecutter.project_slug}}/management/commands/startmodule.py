"""`python manage.py startmodule NAME`: add a module (an app inside the package) and wire it in.

https://docs.djangoproject.com/en/6.1/howto/custom-management-commands/
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from {{ cookiecutter.project_slug }}.scaffold import KINDS, ScaffoldError, add_module


class Command(BaseCommand):
    help = (
        "Render a skeleton (pages, api or accounts) as a new app inside the package, "
        "add it to PROJECT_APPS in config/settings/base.py and include its URLs in config/urls.py."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="module name: a lowercase identifier, e.g. blog")
        parser.add_argument("--kind", choices=KINDS, default="pages", help="skeleton to start from")
        parser.add_argument("--url-prefix", help="where its URLs live (default: /NAME)")

    def handle(self, *args: object, **options: object) -> None:
        name = str(options["name"])
        url_prefix = options["url_prefix"] or f"/{name}"
        project_dir = Path(settings.BASE_DIR)
        try:
            written = add_module(project_dir, name, str(options["kind"]), str(url_prefix))
        except ScaffoldError as error:
            raise CommandError(str(error)) from error
        for path in written:
            self.stdout.write(f"  created {path.relative_to(project_dir)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Module {name!r} added at {url_prefix}; "
                "it is in PROJECT_APPS (config/settings/base.py) and config/urls.py."
            )
        )
        if options["kind"] == "accounts":
            self.stdout.write(
                self.style.WARNING(
                    "AUTH_USER_MODEL changed: on a database migrated with another user model, "
                    "start from a fresh database (Django cannot migrate between user models)."
                )
            )
