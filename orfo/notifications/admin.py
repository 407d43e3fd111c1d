from django.contrib import admin

from orfo.notifications.models import Channel, Notification


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["__str__", "site", "kind", "is_enabled", "last_delivery"]
    list_filter = ["kind", "is_enabled"]
    exclude = ["config"]  # holds tokens and secrets
    readonly_fields = ["last_delivery", "last_error", "last_error_at", "digest_until"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["key", "channel", "reason", "status", "attempts", "created"]
    list_filter = ["status", "reason"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False
