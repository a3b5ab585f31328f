from django.urls import path

from .views import public, reports, staff

app_name = "procedures"

urlpatterns = [
    # Citizen portal: no account needed.
    path("public/", public.catalogue, name="catalogue"),
    path("public/p/<str:code>/", public.procedure_page, name="procedure"),
    path("public/p/<str:code>/submit/", public.submit, name="submit"),
    path("public/track/", public.track, name="track"),
    path("public/track/<int:pk>/", public.tracked, name="tracked"),
    path("public/track/<int:pk>/form/<str:number>.<str:fmt>", public.tracked_form, name="tracked_form"),
    path("public/track/<int:pk>/result.pdf", public.tracked_result, name="tracked_result"),
    path("public/track/<int:pk>/supplement/", public.tracked_supplement, name="tracked_supplement"),
    path("public/track/<int:pk>/withdraw/", public.tracked_withdraw, name="tracked_withdraw"),
    path("public/track/<int:pk>/rate/", public.tracked_rate, name="tracked_rate"),
    # Staff.
    path("", staff.dossier_list, name="index"),
    path("dossiers/new/", staff.dossier_new, name="dossier_new"),
    path("dossiers/<int:pk>/", staff.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/do/<slug:name>/", staff.dossier_action, name="dossier_action"),
    path("dossiers/<int:pk>/form/<str:number>.<str:fmt>", staff.dossier_form, name="dossier_form"),
    path("dossiers/<int:pk>/result.pdf", staff.dossier_result, name="dossier_result"),
    path("files/<int:pk>/", staff.attachment_download, name="attachment"),
    path("register.<str:fmt>", staff.register_book, name="register_book"),
    path("statistics/", reports.statistics, name="statistics"),
    path("statistics.xlsx", reports.statistics_xlsx, name="statistics_xlsx"),
    path("catalogue/export.<str:fmt>", reports.catalogue_export, name="catalogue_export"),
    path("catalogue/import/", reports.catalogue_import, name="catalogue_import"),
]
