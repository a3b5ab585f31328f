from django.urls import path

from . import public, views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/versions/", views.new_version, name="new_version"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("files/<int:pk>/", views.download, name="download"),
    path("public/<int:pk>/", public.public_document, name="public_document"),
]
