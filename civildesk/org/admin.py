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

        before = RoleAssignment.objects.filter(pk=obj.pk).values("user__username", "unit_id", "role").first()
        super().save_model(request, obj, form, change)
        summary: dict[str, Any] = {"via": "admin", "role": obj.role, "user": obj.user.get_username()}
        if change and before:
            summary["before"] = {"user": before["user__username"], "unit": before["unit_id"], "role": before["role"]}
        audit_record(
            actor=request.user, action="org.role_change" if change else "org.role_grant", obj=obj, summary=summary
        )

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        from .services import audit_record

        audit_record(actor=request.user, action="org.role_revoke", obj=obj, summary={"via": "admin", "role": obj.role})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Changes to who may administer (superuser, staff, active, groups, permissions) go to the audit trail."""

    list_display = ["username", "email", "is_active", "is_staff", "last_login"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("CivilDesk", {"fields": ["preferred_language"]}))

    def _powers(self, user: Any) -> dict[str, Any]:
        if user is None or user.pk is None:
            return {"is_superuser": False, "is_staff": False, "is_active": False, "groups": [], "permissions": []}
        return {
            "is_superuser": user.is_superuser,
            "is_staff": user.is_staff,
            "is_active": user.is_active,
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "permissions": sorted(
                f"{app}.{code}"
                for app, code in user.user_permissions.values_list("content_type__app_label", "codename")
            ),
        }

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        stored = User.objects.filter(pk=obj.pk).first() if obj.pk else None
        request._civildesk_powers_before = self._powers(stored)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        from .services import audit_record

        super().save_related(request, form, formsets, change)
        before = getattr(request, "_civildesk_powers_before", None) or self._powers(None)
        after = self._powers(form.instance)
        changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changed or not change:
            audit_record(
                actor=request.user,
                action="auth.user_powers_change" if change else "auth.user_create",
                obj=form.instance,
                summary={"via": "admin", "changed": changed},
            )


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
