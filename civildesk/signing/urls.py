from django.urls import path

from . import views

app_name = "signing"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("validate/", views.validate_page, name="validate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf", views.pdf, name="pdf"),
    path("<int:pk>/steps/<int:step_id>/", views.act, name="act"),
    path("<int:pk>/resubmit/", views.resubmit, name="resubmit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
