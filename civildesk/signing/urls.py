from django.urls import path

from . import views

app_name = "signing"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("validate/", views.validate_page, name="validate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf", views.pdf, name="pdf"),
    path("<int:pk>/do/<str:name>/", views.request_action, name="request_action"),
    path("steps/<int:pk>/do/<str:name>/", views.step_action, name="step_action"),
]
