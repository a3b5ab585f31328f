from django.contrib import admin

from .models import (
    Attachment,
    Dossier,
    DossierComponent,
    DossierEvent,
    FormText,
    OneStopShop,
    Procedure,
    ProcedureVersion,
    ScoreRule,
)


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "unit", "online", "is_active"]
    list_filter = ["level", "online", "is_active"]
    search_fields = ["code", "name", "search_text"]
    inlines = [VersionInline]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.refresh_search_text()
        super().save_model(request, obj, form, change)


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "number", "valid_from", "processing_days", "cut_off_hour"]
    list_filter = ["valid_from"]
    search_fields = ["procedure__code", "procedure__name"]


@admin.register(FormText)
class FormTextAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]
    list_filter = ["number"]
    search_fields = ["title", "body"]


@admin.register(ScoreRule)
class ScoreRuleAdmin(admin.ModelAdmin):
    list_display = ["indicator", "name", "max_points", "threshold"]
    list_filter = ["indicator"]
    search_fields = ["name"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnly):
    list_display = ["code", "procedure", "unit", "status", "channel", "due_date", "finished_on"]
    list_filter = ["status", "channel", "unit"]
    search_fields = ["code", "applicant_name"]


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnly):
    list_display = ["dossier", "action", "from_status", "to_status", "at"]
    list_filter = ["action"]
    search_fields = ["dossier__code"]


@admin.register(DossierComponent)
class DossierComponentAdmin(ReadOnly):
    list_display = ["dossier", "name", "digitisation"]
    list_filter = ["digitisation"]
    search_fields = ["dossier__code", "name"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnly):
    list_display = ["dossier", "filename", "kind", "file_type", "size"]
    list_filter = ["kind", "file_type"]
    search_fields = ["dossier__code", "filename"]


@admin.register(OneStopShop)
class OneStopShopAdmin(admin.ModelAdmin):
    list_display = ["unit"]
    list_filter = ["unit__kind"]
    search_fields = ["unit__name", "unit__code"]
