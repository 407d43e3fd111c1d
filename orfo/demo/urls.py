from django.urls import path

from orfo.demo import views

urlpatterns = [
    path("", views.index, name="demo-index"),
    path("<slug:lang>/", views.article, name="demo-article"),
]
