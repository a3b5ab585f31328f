from django.contrib import admin

from .models import Assignment, Dispatch, Incoming, Progress


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    readonly_fields = ["assignee", "unit", "role", "deadline", "note", "assigned_by", "created_at"]
    can_delete = False


@admin.register(Incoming)
class IncomingAdmin(admin.ModelAdmin):
    """Read-only: the register is written by the services (numbers, workflow); an administrator may
    delete an entry made by mistake (the audit trail keeps it)."""

    list_display = ["number_display", "unit", "sender", "symbol", "subject", "urgency", "status", "deadline"]
    list_filter = ["status", "urgency", "confidentiality", "source", "unit"]
    search_fields = ["subject", "sender", "symbol"]
    inlines = [AssignmentInline]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201 - admin signature
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201 - admin signature
        return False


class ReadOnly(admin.ModelAdmin):
    """Written by the services only (the workflow, dispatch)."""

    def has_add_permission(self, request):  # noqa: ANN001, ANN201 - admin signature
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201 - admin signature
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201 - admin signature
        return False


@admin.register(Progress)
class ProgressAdmin(ReadOnly):
    list_display = ["incoming", "author", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["text"]


@admin.register(Dispatch)
class DispatchAdmin(ReadOnly):
    list_display = ["draft", "recipient", "recipient_unit", "sent_by", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["recipient", "draft__subject"]
