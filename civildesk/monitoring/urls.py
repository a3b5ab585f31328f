from django.urls import path

from .views import dashboard, definitions, exports, periods, ranking, reports

app_name = "monitoring"

urlpatterns = [
    path("", dashboard.index, name="index"),
    path("resolutions/<int:pk>/dashboard/", dashboard.index, name="dashboard"),
    path("resolutions/new/", definitions.resolution_new, name="resolution_new"),
    path("resolutions/<int:pk>/", definitions.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/export.<str:fmt>", exports.export, name="export"),
    path("resolutions/<int:pk>/periods/", periods.period_list, name="periods"),
    path("resolutions/<int:resolution_pk>/pillars/new/", definitions.pillar_edit, name="pillar_new"),
    path("resolutions/<int:resolution_pk>/pillars/<int:pk>/edit/", definitions.pillar_edit, name="pillar_edit"),
    path("pillars/<int:pk>/", dashboard.pillar, name="pillar"),
    path("pillars/<int:pillar_pk>/targets/new/", definitions.target_edit, name="target_new"),
    path("pillars/<int:pillar_pk>/targets/<int:pk>/edit/", definitions.target_edit, name="target_edit"),
    path("targets/<int:pk>/", dashboard.target, name="target"),
    path("targets/<int:target_pk>/indicators/new/", definitions.indicator_edit, name="indicator_new"),
    path("targets/<int:target_pk>/indicators/<int:pk>/edit/", definitions.indicator_edit, name="indicator_edit"),
    path("periods/<int:pk>/", periods.period_detail, name="period"),
    path("periods/<int:pk>/do/<slug:name>/", periods.period_action, name="period_action"),
    path("periods/<int:pk>/remind/", periods.period_remind_view, name="period_remind"),
    path("periods/<int:pk>/import/", periods.period_import, name="period_import"),
    path("periods/<int:pk>/template.xlsx", periods.period_template, name="period_template"),
    path(
        "periods/<int:period_pk>/indicators/<int:indicator_pk>/units/<int:unit_pk>/",
        reports.report_edit,
        name="report_edit",
    ),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/do/<slug:name>/", reports.report_action, name="report_action"),
    path("reports/<int:pk>/evidence/", reports.evidence, name="evidence"),
    path("measured/<str:key>/", dashboard.measured_records, name="measured"),
    path("ranking/", ranking.ranking_page, name="ranking"),
    path("ranking/units/<int:unit_pk>/", ranking.scorecard, name="scorecard"),
    path("ranking/units/<int:unit_pk>/<int:year>/edit/", ranking.dti_entry, name="dti_entry"),
]
