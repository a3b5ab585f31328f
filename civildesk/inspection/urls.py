from django.urls import path

from .views import cases, inspections, public, reports

app_name = "inspection"

urlpatterns = [
    path("", cases.index, name="index"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/do/<slug:name>/", cases.case_action, name="case_action"),
    path("cases/<int:pk>/identity/", cases.case_identity, name="case_identity"),
    path("cases/<int:pk>/link/", cases.case_link, name="case_link"),
    path("cases/<int:pk>/attach/", cases.case_attach, name="case_attach"),
    path("files/<int:pk>/", cases.attachment_download, name="attachment"),
    path("dashboard/", reports.dashboard, name="dashboard"),
    path("report/", reports.report, name="report"),
    path("report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("plans/", inspections.plan_list, name="plans"),
    path("plans/new/", inspections.plan_new, name="plan_new"),
    path("plans/<int:pk>/", inspections.plan_detail, name="plan"),
    path("plans/<int:pk>/approve/", inspections.plan_approve, name="plan_approve"),
    path("inspections/new/", inspections.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/do/<slug:name>/", inspections.inspection_action, name="inspection_action"),
    path("recommendations/", inspections.recommendation_list, name="recommendations"),
    path("recommendations/<int:pk>/", inspections.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/do/<slug:name>/", inspections.recommendation_action, name="recommendation_action"),
    path("recommendations/<int:pk>/report/", inspections.recommendation_report, name="recommendation_report"),
    path("reports/<int:pk>/review/", inspections.report_review, name="report_review"),
    # Public portal: no account needed.
    path("public/", public.public_submit, name="public_submit"),
    path("public/track/", public.public_track, name="public_track"),
]
