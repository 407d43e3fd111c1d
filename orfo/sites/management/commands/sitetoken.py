from django.core.management.base import BaseCommand, CommandError

from orfo.sites.models import Site


class Command(BaseCommand):
    help = (
        "Print a site's API token (for the proofreading and issues APIs) as the "
        "last line; --rotate replaces it first, and the old one stops working."
    )

    def add_arguments(self, parser):
        parser.add_argument("site_key", help="the site's public key (data-site)")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="make a new token; the old one stops working at once",
        )

    def handle(self, *args, site_key, rotate, **options):
        site = Site.objects.filter(key=site_key).first()
        if site is None:
            raise CommandError(f"no site has the key {site_key!r}")
        if rotate:
            site.rotate_api_token()
            self.stderr.write(
                f"A new API token for {site.name!r}; the old one no longer works."
            )
        if not site.is_active:
            self.stderr.write(
                f"{site.name!r} is inactive: its token is refused until it is active."
            )
        self.stdout.write(site.api_token)
