from typing import Any

from django.contrib import admin

from .models import Article, Document, DocumentVersion, IndexGeneration


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "filename", "file_type", "size", "sha256", "extraction_method", "created_by", "created_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "number_symbol",
        "doc_type",
        "issuer",
        "signed_date",
        "validity",
        "scope",
        "unit",
        "status",
    ]
    list_filter = ["doc_type", "validity", "scope", "status"]
    search_fields = ["title", "number_symbol", "issuer"]
    date_hierarchy = "signed_date"
    autocomplete_fields = ["unit"]
    readonly_fields = ["status", "error", "source_key", "uploaded_by"]
    inlines = [VersionInline]

    def save_model(self, request, obj, form, change):  # noqa: ANN001 - admin signature
        """Admin edits go through the service: validated, audited, re-indexed."""
        from . import services

        if not change:
            return super().save_model(request, obj, form, change)
        values = {f: form.cleaned_data[f] for f in services.METADATA_FIELDS if f in form.cleaned_data}
        fresh = Document.objects.get(pk=obj.pk)
        services.document_update_metadata(actor=request.user, document=fresh, **values)
        if "unit" in form.changed_data:
            super().save_model(request, obj, form, change)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["label", "title", "document", "anchor"]
    list_filter = ["document__doc_type"]
    search_fields = ["title", "label", "document__title"]
    readonly_fields = ["document", "anchor", "position"]


@admin.register(IndexGeneration)
class IndexGenerationAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "passages", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["name"]
    readonly_fields = ["number", "name", "passages", "created_at", "manifest"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
