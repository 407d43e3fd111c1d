from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from orfo.sites import audit
from orfo.sites.api import create_site
from orfo.sites.models import LANGUAGES


class Command(BaseCommand):
    help = "Create a site and print its public site key as the last line."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--host",
            action="append",
            required=True,
            dest="hosts",
            help="a host name the widget may report from; repeat for several",
        )
        parser.add_argument("--lang", default="ru", choices=[c for c, _ in LANGUAGES])

    def handle(self, *args, name, hosts, lang, **options):
        try:
            with transaction.atomic():
                site = create_site(name=name, hosts=hosts, default_lang=lang)
                audit.record(
                    site,
                    audit.Action.CREATED,
                    by_name="orfo createsite",
                    hosts=site.hosts,
                )
        except (ValidationError, ValueError) as e:
            messages = e.messages if isinstance(e, ValidationError) else [str(e)]
            raise CommandError("; ".join(messages)) from None
        self.stdout.write(f"Created site {site.name!r} for {', '.join(site.hosts)}.")
        self.stdout.write("Embed the widget with:")
        src = f"{settings.SITE_ROOT}/widget.js"
        self.stdout.write(
            f'  <script src="{src}" data-site="{site.key}" defer></script>'
        )
        self.stdout.write(site.key)
