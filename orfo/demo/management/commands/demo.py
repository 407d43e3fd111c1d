from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from orfo.demo import history
from orfo.demo.articles import SITE_HOSTS, SITE_NAME
from orfo.sites.api import add_member, create_site, site_by_name
from orfo.sites.models import Membership, Site
from orfo.suggestions import api as suggestions

EDITOR = "editor"
PASSWORD = "orfo-demo"  # published in the README: this account must never be trusted


def foreign_data() -> list[str]:
    """What in the database is not the demo's: accounts and sites it did not make."""
    tables = connection.introspection.table_names()
    users = get_user_model()
    found = []
    if users._meta.db_table in tables:
        others = users.objects.exclude(username=EDITOR).count()
        others += users.objects.filter(username=EDITOR, is_superuser=True).count()
        if others:
            found.append(f"{others} account(s)")
    if Site._meta.db_table in tables:
        sites = Site.objects.exclude(name=SITE_NAME).count()
        if sites:
            found.append(f"{sites} site(s)")
    return found


class Command(BaseCommand):
    help = (
        "Migrate, create the demo site and its editor, and print what to open. "
        "Runs only with ORFO_DEMO=1, on a database that holds nothing but the demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--any-database",
            action="store_true",
            help="Run even on a database that holds other accounts or sites: they "
            "get a demo site with an editor whose password is published.",
        )
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="Leave out the four weeks of made-up reports and fixes that fill "
            "the overview (added once per database otherwise).",
        )

    def handle(self, *args, any_database=False, no_history=False, **options):
        if not settings.ORFO_DEMO:
            raise CommandError(
                "The demo runs only with ORFO_DEMO=1 (`make demo` sets it)."
            )
        foreign = foreign_data()
        if foreign and not any_database:
            raise CommandError(
                f"This database is not the demo's: it holds {' and '.join(foreign)} "
                f"the demo did not make ({connection.settings_dict['NAME']}). The demo "
                f"adds an account whose password is published; run it with its own "
                f"ORFO_DATA_DIR (and no DATABASE_URL), or pass --any-database."
            )
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        user, created = get_user_model().objects.get_or_create(username=EDITOR)
        if user.is_superuser:
            raise CommandError(
                f"The account {EDITOR!r} is a superuser here: the demo leaves it alone."
            )
        site = site_by_name(SITE_NAME) or create_site(SITE_NAME, SITE_HOSTS, "ru")
        if created:
            user.set_password(PASSWORD)
        # An editor of the demo site and nothing more: no admin, no other site (demos
        # made before this was so had a staff account with admin permissions).
        user.is_staff = user.is_superuser = False
        user.save()
        user.user_permissions.clear()
        user.groups.clear()
        add_member(site, user, Membership.Role.EDITOR)
        if not no_history and history.add(site, user):
            self.stdout.write(
                f"Added {history.DAYS} days of made-up reports and fixes to the demo "
                f"site, for its overview."
            )
        self.stdout.write(
            "Preparing the spelling dictionaries (slow only the first time)…"
        )
        ready = suggestions.prepare()
        missing = [lang for lang, ok in ready.items() if not ok]
        if missing:
            self.stdout.write(
                f"  No dictionary for {', '.join(missing)}: no suggestions."
            )
        root = settings.SITE_ROOT
        note = "" if created else " (unless you changed it)"
        lines = [
            self.style.SUCCESS("\nOrfo demo is ready.\n"),
            f"  Demo articles:  {root}/demo/  (ru/, kk/, en/)",
            "                  select an error, press Ctrl+Enter (⌘+Enter on a Mac)",
            f"  Dashboard:      {root}/dashboard/",
            f"  Editor login:   {EDITOR} / {PASSWORD}{note}",
            f"  Demo site key:  {site.key}",
            "  Embed snippet:",
            f'  <script src="{root}/widget.js" data-site="{site.key}" defer></script>',
            "",
        ]
        self.stdout.write("\n".join(lines))
