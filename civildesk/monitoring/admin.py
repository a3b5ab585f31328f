"""Admin: the definitions are editable here too; reports are read-only (changes go through the services)."""

from django.contrib import admin

from .models import DtiInput, Indicator, Pillar, Report, ReportEvent, ReportingPeriod, ReportVersion, Resolution, Target


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["code", "number", "title", "start_year", "target_year", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "number", "title"]


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "resolution", "order"]
    list_filter = ["resolution"]
    search_fields = ["code", "name"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "pillar", "baseline", "target_value", "direction", "responsible_unit", "weight"]
    list_filter = ["pillar__resolution", "pillar", "direction", "frequency"]
    search_fields = ["code", "title"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "target", "source", "measure_key", "aggregation", "headline"]
    list_filter = ["source", "aggregation"]
    search_fields = ["code", "name"]


@admin.register(ReportingPeriod)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["resolution", "year", "quarter", "due_on", "status"]
    list_filter = ["status", "year"]
    search_fields = ["resolution__code"]
    readonly_fields = ["status"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Report)
class ReportAdmin(ReadOnly):
    list_display = ["indicator", "unit", "period", "value", "status", "version", "submitted_at"]
    list_filter = ["status", "period__year"]
    search_fields = ["indicator__code", "unit__name"]


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnly):
    list_display = ["report", "number", "value", "evidence_kind", "created_by", "created_at"]
    list_filter = ["evidence_kind"]
    search_fields = ["report__indicator__code"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnly):
    list_display = ["report", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action"]
    search_fields = ["report__indicator__code", "note"]


@admin.register(DtiInput)
class DtiInputAdmin(ReadOnly):
    list_display = ["framework", "year", "unit", "component", "value", "evidence"]
    list_filter = ["framework", "year"]
    search_fields = ["unit__name", "component"]
