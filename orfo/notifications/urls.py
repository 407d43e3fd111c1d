from django.urls import path

from orfo.notifications import views

app_name = "notifications"
urlpatterns = [
    path("sites/<int:site_id>/channels/", views.channel_list, name="channels"),
    path(
        "sites/<int:site_id>/channels/add/<str:kind>/",
        views.add_channel,
        name="add",
    ),
    path("sites/<int:site_id>/channels/<int:pk>/", views.edit_channel, name="edit"),
    path(
        "sites/<int:site_id>/channels/<int:pk>/delete/",
        views.delete_channel,
        name="delete",
    ),
    path(
        "sites/<int:site_id>/channels/<int:pk>/test/",
        views.test_channel,
        name="test",
    ),
]
