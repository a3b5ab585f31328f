"""Admin: rules are editable; cases are read-only here (changes go through the services).

The filer's identity is never shown, searched or exported by the admin, for
anyone, superusers included: the encrypted columns are excluded outright.
"""

from django.contrib import admin

from .models import (
    Attachment,
    Case,
    CaseEvent,
    DeadlineRule,
    Finding,
    Inspection,
    InspectionPlan,
    PlanItem,
    Recommendation,
    RecommendationReport,
)

HIDDEN = ["identity_token", "person_key", "phone_key", "secret_hash"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "case_type",
        "instance",
        "days",
        "complex_days",
        "remote_days",
        "remote_complex_days",
        "day_count",
        "extension_days",
        "is_active",
    ]
    list_filter = ["case_type", "day_count", "is_active"]
    search_fields = ["name", "legal_basis"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


class EventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = ["at", "actor", "action", "from_status", "to_status", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "case_type", "channel", "status", "unit", "received_on", "deadline", "assignee"]
    list_filter = ["case_type", "channel", "status", "complexity"]
    search_fields = ["number", "title", "subject_name"]
    date_hierarchy = "received_on"
    exclude = HIDDEN
    readonly_fields = [f.name for f in Case._meta.fields if f.name not in HIDDEN]
    inlines = [EventInline]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "year", "status", "approved_on"]
    list_filter = ["status", "year"]
    search_fields = ["title"]


@admin.register(PlanItem)
class PlanItemAdmin(ReadOnlyAdmin):
    list_display = ["subject_name", "topic", "inspecting_unit", "period_start", "period_end"]
    list_filter = ["plan__year"]
    search_fields = ["subject_name", "topic"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["subject_name", "topic", "unit", "status", "decision_number", "period_start"]
    list_filter = ["status"]
    search_fields = ["subject_name", "topic", "decision_number"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["title", "inspection", "amount"]
    list_filter = ["inspection__unit"]
    search_fields = ["title"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "responsible_unit", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["text", "measure"]


@admin.register(RecommendationReport)
class RecommendationReportAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status"]
    search_fields = ["text"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["filename", "file_type", "size", "uploaded_at"]
    list_filter = ["file_type"]
    search_fields = ["filename", "description"]
    exclude = ["file"]
