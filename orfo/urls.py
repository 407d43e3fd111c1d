from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from orfo.dashboard.views import accounts
from orfo.demo import views as demo_views
from orfo.reports.endpoints import api
from orfo.reports.widget import widget_file

urlpatterns = [
    path("", RedirectView.as_view(url="/dashboard/", permanent=False)),
    # Browsers that ignore the pages' <link rel="icon"> ask for /favicon.ico.
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}dashboard/favicon.svg"),
    ),
    path("widget.js", widget_file, {"name": "widget.js"}, name="widget"),
    path("widget-dialog.js", widget_file, {"name": "widget-dialog.js"}),
    path("api/v1/", api.urls),
    path("dashboard/", include("orfo.dashboard.urls")),
    path("dashboard/", include("orfo.notifications.urls")),
    path(
        "accounts/password_reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("demo/", include("orfo.demo.urls")),
    path("admin/", admin.site.urls),
    # The demo newsroom's older articles (orfo.demo.history), 404 unless ORFO_DEMO.
    path("<slug:section>/<int:year>/<slug:slug>/", demo_views.old_article),
]
