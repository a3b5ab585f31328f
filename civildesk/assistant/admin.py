from django.contrib import admin

from .models import Conversation, GenerationSettings, Rating, Summary, Turn


class TurnInline(admin.TabularInline):
    model = Turn
    extra = 0
    fields = ["question", "language", "answered", "confidence", "latency_ms", "created_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "unit", "channel", "updated_at", "deleted_at"]
    list_filter = ["channel", "unit"]
    search_fields = ["title", "user__username"]
    readonly_fields = ["user", "unit", "channel", "focus_article", "deleted_at"]
    inlines = [TurnInline]


@admin.register(Turn)
class TurnAdmin(admin.ModelAdmin):
    list_display = ["question", "language", "answered", "confidence", "latency_ms", "created_at"]
    list_filter = ["answered", "language"]
    search_fields = ["question"]
    readonly_fields = [f.name for f in Turn._meta.fields]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["turn", "helpful", "reason", "user", "created_at"]
    list_filter = ["helpful", "reason"]
    search_fields = ["turn__question", "comment"]
    readonly_fields = ["turn", "user", "correct_article"]


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    list_display = ["title", "document", "owner", "created_at"]
    search_fields = ["title"]
    readonly_fields = ["document", "content_hash", "owner", "items"]


@admin.register(GenerationSettings)
class GenerationSettingsAdmin(admin.ModelAdmin):
    list_display = ["base_url", "model", "enabled", "timeout"]
    list_filter = ["enabled"]
    search_fields = ["base_url", "model"]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201 - admin signature
        return not GenerationSettings.objects.exists()
