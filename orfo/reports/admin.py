from django.contrib import admin

from orfo.reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["quote", "correction", "comment", "url", "lang", "created"]
    list_filter = ["site", "lang", "created"]
    search_fields = ["quote", "comment", "correction", "url"]
    readonly_fields = [f.name for f in Report._meta.fields]
    list_select_related = ["issue"]

    def has_add_permission(self, request):
        return False
