from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.index, name="index"),
    path("c/<uuid:conversation_id>/", views.index, name="conversation"),
    path("c/<uuid:conversation_id>/rename/", views.rename, name="rename"),
    path("c/<uuid:conversation_id>/delete/", views.delete, name="delete"),
    path("ask/", views.ask, name="ask"),
    path("turns/<int:turn_id>/rate/", views.rate, name="rate"),
    path("turns/<int:turn_id>/generate/", views.generate, name="generate"),
    path("summary/<int:document_id>/", views.summary, name="summary"),
    path("summary/file/", views.summary_upload, name="summary_upload"),
    path("review/", views.review, name="review"),
    path("review/export.json", views.review_export, name="review_export"),
    path("widget.js", views.widget_js, name="widget_js"),
    path("embed/", views.embed, name="embed"),
]
