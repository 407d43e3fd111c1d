from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from orfo.issues.api import set_status
from orfo.issues.links import link_html
from orfo.issues.models import Activity, Issue, Page, Status


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["created", "kind", "from_status", "to_status", "user", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _status_action(status: str, label):
    def action(modeladmin, request, queryset):
        changed = sum(
            set_status(issue, status, user=request.user) for issue in queryset
        )
        modeladmin.message_user(
            request, _("%(n)d issue(s) changed.") % {"n": changed}, messages.SUCCESS
        )

    action.__name__ = f"mark_{status}"
    action.short_description = label
    return action


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = [
        "quote",
        "top_correction",
        "report_count",
        "status",
        "regressed",
        "page",
        "last_seen",
    ]
    list_filter = ["status", "regressed", "site", "lang"]
    search_fields = ["quote", "top_correction", "page__url"]
    ordering = ["-report_count", "-last_seen"]
    readonly_fields = [
        "site",
        "page",
        "quote",
        "prefix",
        "suffix",
        "position",
        "lang",
        "status",
        "regressed",
        "report_count",
        "top_correction",
        "first_seen",
        "last_seen",
        "resolved_at",
    ]
    list_select_related = ["page"]
    inlines = [ActivityInline]
    actions = [
        _status_action(Status.RESOLVED, _("Resolve")),
        _status_action(Status.IGNORED, _("Ignore (not an error)")),
        _status_action(Status.SPAM, _("Mark as spam")),
        _status_action(Status.OPEN, _("Reopen")),
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "link", "site", "created"]
    list_select_related = ["site"]
    search_fields = ["title", "url"]
    readonly_fields = ["site", "link", "url_hash", "title", "created"]
    exclude = ["url"]  # shown by link()

    @admin.display(description=_("URL"))
    def link(self, page):
        # Django would link the stored string; links are built from the parsed URL.
        return link_html(page.url, page.site)
