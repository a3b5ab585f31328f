from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/positions/", views.position_add, name="position_add"),
    path("people/<int:pk>/positions/<int:position_pk>/end/", views.position_end, name="position_end"),
    path("people/<int:pk>/roles/", views.role_grant, name="role_grant"),
    path("people/<int:pk>/roles/<int:role_pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("audit/", views.audit, name="audit"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("jobs/<uuid:pk>/", views.job_status, name="job"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
