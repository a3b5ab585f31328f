from django.contrib import admin

from .models import DocumentTemplate, Draft, DraftVersion, NumberRegister, RegisterEntry


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ["doc_type", "name", "abbreviation", "authority", "is_active"]
    list_filter = ["is_active", "authority"]
    search_fields = ["name", "subject", "body"]


class VersionInline(admin.TabularInline):
    model = DraftVersion
    extra = 0
    fields = ["number", "created_by", "created_at", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    """Read-only: drafts change only through the drafting pages (validated, versioned, audited)."""

    list_display = ["subject", "doc_type", "unit", "status", "number", "issued_on", "created_by", "updated_at"]
    list_filter = ["doc_type", "status"]
    search_fields = ["subject", "agency", "signer_name"]
    inlines = [VersionInline]

    def has_change_permission(self, request, obj=None):  # noqa: ANN001 - admin signature
        return False

    def has_add_permission(self, request):  # noqa: ANN001 - admin signature
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001 - admin signature
        return False


class EntryInline(admin.TabularInline):
    model = RegisterEntry
    extra = 0
    fields = ["number", "symbol", "issued_on", "issued_by", "status", "cancel_reason"]
    readonly_fields = fields
    can_delete = False


@admin.register(NumberRegister)
class NumberRegisterAdmin(admin.ModelAdmin):
    """Read-only: numbers are taken only by services.draft_issue."""

    list_display = ["unit", "year", "last_number"]
    list_filter = ["year"]
    search_fields = ["unit__name", "unit__code"]
    inlines = [EntryInline]

    def has_change_permission(self, request, obj=None):  # noqa: ANN001 - admin signature
        return False

    def has_add_permission(self, request):  # noqa: ANN001 - admin signature
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001 - admin signature
        return False


@admin.register(RegisterEntry)
class RegisterEntryAdmin(admin.ModelAdmin):
    list_display = ["symbol", "register", "issued_on", "issued_by", "status"]
    list_filter = ["status", "register__year"]
    search_fields = ["symbol", "draft__subject"]

    def has_change_permission(self, request, obj=None):  # noqa: ANN001 - admin signature
        return False

    def has_add_permission(self, request):  # noqa: ANN001 - admin signature
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001 - admin signature
        return False
