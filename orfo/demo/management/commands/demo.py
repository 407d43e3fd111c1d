from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand

from orfo.demo.articles import SITE_HOSTS, SITE_NAME
from orfo.sites.api import add_member, create_site, site_by_name
from orfo.suggestions import api as suggestions

EDITOR = "editor"
PASSWORD = "orfo-demo"
# What the demo editor may do in the admin until the dashboard has its own roles.
PERMISSIONS = [
    ("orfo_issues", "view_issue"),
    ("orfo_issues", "change_issue"),
    ("orfo_issues", "view_page"),
    ("orfo_reports", "view_report"),
    ("orfo_sites", "view_site"),
]


class Command(BaseCommand):
    help = "Migrate, create the demo site and an editor, and print what to open."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        site = site_by_name(SITE_NAME) or create_site(SITE_NAME, SITE_HOSTS, "ru")
        user, created = get_user_model().objects.get_or_create(
            username=EDITOR, defaults={"is_staff": True}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        add_member(site, user, "owner")
        for app_label, codename in PERMISSIONS:
            user.user_permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
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
            f"  Dashboard:      {root}/dashboard/  (Django admin: {root}/admin/)",
            f"  Editor login:   {EDITOR} / {PASSWORD}{note}",
            f"  Demo site key:  {site.key}",
            "  Embed snippet:",
            f'  <script src="{root}/widget.js" data-site="{site.key}" defer></script>',
            "",
        ]
        self.stdout.write("\n".join(lines))
