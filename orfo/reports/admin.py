from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from orfo.issues.links import link_html
from orfo.reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["quote", "correction", "comment", "link", "lang", "created"]
    list_filter = ["site", "lang", "created"]
    search_fields = ["quote", "comment", "correction", "url"]
    readonly_fields = [
        "link" if f.name == "url" else f.name for f in Report._meta.fields
    ]
    list_select_related = ["issue", "site"]
    exclude = ["url"]  # shown by link()

    @admin.display(description=_("URL"))
    def link(self, report):
        # Django would link the stored string; links are built from the parsed URL.
        return link_html(report.url, report.site)

    def has_add_permission(self, request):
        return False
