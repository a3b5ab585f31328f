from django.urls import path

from . import views

app_name = "correspondence"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("export.xlsx", views.export, name="export"),
    path("outgoing/", views.outgoing, name="outgoing"),
    path("packages/<int:pk>/", views.package, name="package"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/file/", views.download, name="file"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/actions/<str:name>/", views.action, name="action"),
]
