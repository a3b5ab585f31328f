from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from .models import ApiToken, AuditEntry, Job, Person, Position, RoleAssignment, Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "short_name"]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        from .services import _set_path, audit_record

        super().save_model(request, obj, form, change)
        _set_path(obj)
        obj.save(update_fields=["path", "depth"])
        audit_record(
            actor=request.user,
            action="org.unit_update" if change else "org.unit_create",
            obj=obj,
            summary={"via": "admin", "changed": form.changed_data},
        )


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "user", "email", "is_active"]
    list_filter = ["is_active", "positions__unit__kind"]
    search_fields = ["full_name", "email", "user__username"]
    inlines = [PositionInline]
    autocomplete_fields = ["user"]

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        from .services import audit_record

        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="org.person_update" if change else "org.person_create",
            obj=obj,
            summary={"via": "admin", "changed": form.changed_data},
        )


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "unit", "start_date", "end_date", "is_primary"]
    list_filter = ["unit__kind", "is_primary"]
    search_fields = ["person__full_name", "title", "unit__name"]
    autocomplete_fields = ["person", "unit"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "granted_at"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        from .services import audit_record

        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action="org.role_grant", obj=obj, summary={"via": "admin", "role": obj.role})

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        from .services import audit_record

        audit_record(actor=request.user, action="org.role_revoke", obj=obj, summary={"via": "admin", "role": obj.role})
        super().delete_model(request, obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "is_active", "is_staff", "last_login"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("CivilDesk", {"fields": ["preferred_language"]}))


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody, superusers included, can add, change or delete entries."""

    list_display = ["seq", "at", "actor_repr", "action", "object_repr", "unit", "ip_address"]
    list_filter = ["action", "unit"]
    search_fields = ["actor_repr", "action", "object_repr"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "percent", "owner", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "message"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
