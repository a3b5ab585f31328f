from __future__ import annotations

from typing import Any

from django.contrib import admin

from civildesk.org.services import audit_record

from .models import ChainStep, SignatureRequest, SignerCertificate, SigningSettings, TrustedRoot


@admin.register(TrustedRoot)
class TrustedRootAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "subject", "not_after", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "subject", "sha256")
    readonly_fields = ("sha256", "subject", "not_after", "added_at")

    def save_model(self, request: Any, obj: TrustedRoot, form: Any, change: bool) -> None:
        from . import services  # not at import time: the admin loads before the app's policy actions

        if change:
            services.trusted_root_set_active(actor=request.user, root=obj, active=obj.is_active)
        else:
            created = services.trusted_root_add(
                actor=request.user, name=obj.name, certificate=obj.certificate, kind=obj.kind
            )
            obj.pk = created.pk


@admin.register(SigningSettings)
class SigningSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "tsa_url", "default_level", "lta_allowed", "updated_at")
    list_filter = ("default_level",)
    search_fields = ("tsa_url",)

    def save_model(self, request: Any, obj: SigningSettings, form: Any, change: bool) -> None:
        from . import services  # not at import time: the admin loads before the app's policy actions

        services.settings_update(
            actor=request.user, tsa_url=obj.tsa_url, default_level=obj.default_level, lta_allowed=obj.lta_allowed
        )

    def has_add_permission(self, request: Any) -> bool:
        return not SigningSettings.objects.exists()


@admin.register(SignerCertificate)
class SignerCertificateAdmin(admin.ModelAdmin):
    list_display = ("label", "user", "unit", "kind", "backend", "not_after", "is_active")
    list_filter = ("kind", "backend", "is_active")
    search_fields = ("label", "subject", "user__username", "sha256")
    readonly_fields = ("sha256", "subject", "not_after", "created_at")
    raw_id_fields = ("user", "unit")

    def save_model(self, request: Any, obj: SignerCertificate, form: Any, change: bool) -> None:
        from . import services  # not at import time: the admin loads before the app's policy actions
        from .services.trust import split_pem

        if change:
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user, action="signing.certificate_update", obj=obj, summary={"active": obj.is_active}
            )
            return
        image = obj.image.read() if obj.image else None
        created = services.certificate_register(
            actor=request.user,
            user=obj.user,
            unit=obj.unit,
            label=obj.label,
            certificate=obj.certificate,
            chain=split_pem(obj.chain),
            kind=obj.kind,
            backend=obj.backend,
            token_label=obj.token_label,
            key_label=obj.key_label,
            key_file=obj.key_file,
            image_png=image,
        )
        obj.pk = created.pk


class StepInline(admin.TabularInline):
    model = ChainStep
    extra = 0
    can_delete = False
    readonly_fields = ("position", "required", "assignee", "action", "status", "comment", "failure", "acted_at", "job")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(SignatureRequest)
class SignatureRequestAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "owner", "status", "level", "updated_at")
    list_filter = ("status", "level")
    search_fields = ("title", "owner__username", "number_symbol")
    inlines = [StepInline]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # the chain changes only through its transitions
