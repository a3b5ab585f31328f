from django.urls import path

from . import views

app_name = "inspection"

urlpatterns = [
    path("", views.index, name="index"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/do/<slug:name>/", views.case_action, name="case_action"),
    path("cases/<int:pk>/identity/", views.case_identity, name="case_identity"),
    path("cases/<int:pk>/link/", views.case_link, name="case_link"),
    path("cases/<int:pk>/attach/", views.case_attach, name="case_attach"),
    path("files/<int:pk>/", views.attachment_download, name="attachment"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("report/", views.report, name="report"),
    path("report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/do/<slug:name>/", views.inspection_action, name="inspection_action"),
    path("recommendations/", views.recommendation_list, name="recommendations"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/report/", views.recommendation_report, name="recommendation_report"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    # Public portal: no account needed.
    path("public/", views.public_submit, name="public_submit"),
    path("public/track/", views.public_track, name="public_track"),
]
