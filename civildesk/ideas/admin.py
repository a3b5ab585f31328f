"""Admin: reading and correcting. Anonymous ideas show no author; vote rows show only a pseudonym;
the round key is never shown."""

from django.contrib import admin

from .models import ActionItem, AgendaItem, Decision, Idea, Meeting, OpinionGroup, Round, Vote


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "starts_at", "chair", "status"]
    list_filter = ["status", "unit"]
    search_fields = ["title", "place"]
    inlines = [AgendaInline]
    filter_horizontal = ["participants"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["question", "unit", "meeting", "owner", "status", "closes_at"]
    list_filter = ["status", "allow_anonymous"]
    search_fields = ["question"]
    exclude = ["secret"]
    readonly_fields = ["status", "opened_at", "closed_at", "analysis"]


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["text", "round", "anonymous", "author", "merged_into"]
    list_filter = ["anonymous"]
    search_fields = ["text"]
    readonly_fields = ["author", "anonymous", "created_at"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["idea", "value", "round"]
    list_filter = ["value"]
    search_fields = ["idea__text"]
    readonly_fields = ["voter"]


@admin.register(OpinionGroup)
class OpinionGroupAdmin(admin.ModelAdmin):
    list_display = ["round", "number", "size"]
    list_filter = ["round"]
    search_fields = ["round__question"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["text", "meeting", "round", "decided_at"]
    list_filter = ["decided_at"]
    search_fields = ["text"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["expected_result", "owner", "deadline", "status"]
    list_filter = ["status", "deadline"]
    search_fields = ["expected_result", "owner__username"]
