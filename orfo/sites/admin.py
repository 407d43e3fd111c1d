from django.contrib import admin

from orfo.sites.models import Site


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "hosts", "default_lang", "is_active", "created"]
    list_filter = ["is_active", "default_lang"]
    search_fields = ["name", "key"]
    readonly_fields = ["key", "created"]
