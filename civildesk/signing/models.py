"""Trusted roots, the timestamp authority, people's certificates, signature requests and their chains."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin

from civildesk.org import policy
from civildesk.org.models import Job, Unit
from civildesk.org.workflow import StateField


class Level(models.TextChoices):
    B_B = "B-B", _("PAdES B-B (signature only)")
    B_T = "B-T", _("PAdES B-T (with a timestamp)")
    B_LT = "B-LT", _("PAdES B-LT (with revocation data)")
    B_LTA = "B-LTA", _("PAdES B-LTA (with an archive timestamp)")


class RootKind(models.TextChoices):
    GOVERNMENT = "government", _("Government CA")
    PUBLIC = "public", _("Licensed public CA")
    OTHER = "other", _("Other (tests, demo)")


class TrustedRoot(models.Model):
    """A root certificate that signatures must chain to."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=RootKind.choices, default=RootKind.PUBLIC)
    certificate = models.TextField(_("certificate (PEM)"), help_text=_("The root certificate in PEM format."))
    sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=500, editable=False, blank=True)
    not_after = models.DateTimeField(_("valid until"), null=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    added_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("trusted root certificate")
        verbose_name_plural = _("trusted root certificates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def active_der(cls) -> list[bytes]:
        from .signer import load_certificate

        return [load_certificate(r.certificate.encode()) for r in cls.objects.filter(is_active=True)]


class SigningSettings(models.Model):
    """Site-wide signing settings (one row), edited by a system administrator."""

    tsa_url = models.URLField(
        _("timestamp authority URL"),
        blank=True,
        help_text=_("RFC 3161 timestamp service, e.g. the government CA's TSA. Empty: only B-B signatures."),
    )
    default_level = models.CharField(
        _("default signature level"), max_length=8, choices=Level.choices, default=Level.B_B
    )
    lta_allowed = models.BooleanField(
        _("archive timestamps allowed"),
        default=False,
        help_text=_("Add a document timestamp (B-LTA); only when the timestamp authority allows the extra requests."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("signing settings")
        verbose_name_plural = _("signing settings")

    def __str__(self) -> str:
        return str(_("Signing settings"))

    def clean(self) -> None:
        if self.default_level not in self.levels():
            raise ValidationError(
                {
                    "default_level": _(
                        "Without a timestamp authority (and, for B-LTA, archive timestamps) only B-B works."
                    )
                }
            )

    def levels(self) -> list[str]:
        """The PAdES levels this installation can produce: B-B always; B-T and B-LT only with a
        timestamp authority; B-LTA only when archive timestamps are allowed too."""
        if not self.tsa_url:
            return [Level.B_B]
        return [Level.B_B, Level.B_T, Level.B_LT] + ([Level.B_LTA] if self.lta_allowed else [])

    @classmethod
    def get(cls) -> SigningSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class Backend(models.TextChoices):
    PKCS12 = "pkcs12", _("Key file (PKCS#12)")
    PKCS11 = "pkcs11", _("USB token (PKCS#11)")


class CertKind(models.TextChoices):
    PERSONAL = "personal", _("Personal (the signer's signature)")
    AGENCY = "agency", _("Agency (the seal)")


class CertificateQuerySet(models.QuerySet["SignerCertificate"]):
    def usable(self) -> CertificateQuerySet:
        return self.filter(is_active=True, not_after__gt=timezone.now())


class SignerCertificate(models.Model):
    """A person's (or an agency's) signing certificate, and where its key lives."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.CASCADE,
        related_name="signing_certificates",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="signing_certificates",
        help_text=_("For an agency certificate: the agency whose seal it is."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CertKind.choices, default=CertKind.PERSONAL)
    label = models.CharField(_("label"), max_length=255)
    certificate = models.TextField(_("certificate (PEM)"))
    chain = models.TextField(_("intermediate certificates (PEM)"), blank=True)
    sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, editable=False, db_index=True)
    subject = models.CharField(_("subject"), max_length=500, editable=False, blank=True)
    not_after = models.DateTimeField(_("valid until"), null=True, editable=False)
    backend = models.CharField(_("key store"), max_length=16, choices=Backend.choices, default=Backend.PKCS11)
    token_label = models.CharField(_("token label"), max_length=64, blank=True, help_text=_("PKCS#11 token label."))
    key_label = models.CharField(
        _("key label"), max_length=64, blank=True, help_text=_("Label of the key on the token.")
    )
    key_file = models.CharField(
        _("key file"),
        max_length=500,
        blank=True,
        help_text=_("PKCS#12 file under the data directory (encrypted; its passphrase is asked at signing)."),
    )
    image = models.FileField(
        _("signature or seal image"),
        upload_to="signing/images/",
        blank=True,
        help_text=_("Transparent PNG: the signer's signature in blue, or the agency's seal in red, at real size."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        ordering = ["user__username", "label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.user})"


class RequestStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    RETURNED = "returned", _("Returned")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class RequestQuerySet(models.QuerySet["SignatureRequest"]):
    def visible_to(self, user: Any) -> RequestQuerySet:
        """Requests of units the user may view, and those where the user holds a step."""
        q = policy.unit_filter(user, "signing.view")
        if q is None:
            return self
        return self.filter(q | Q(steps__assignee=user) | Q(owner=user)).distinct()

    def waiting_for(self, user: Any) -> RequestQuerySet:
        return self.filter(
            status=RequestStatus.IN_PROGRESS, steps__assignee=user, steps__status=StepStatus.PENDING
        ).distinct()


class SignatureRequest(ConcurrentTransitionMixin, models.Model):
    """A PDF sent through an approval and signature chain (its workflow: ``services.REQUESTS``)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="signature_requests")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="signature_requests"
    )
    title = models.CharField(pgettext_lazy("signature request", "title"), max_length=500)
    status = StateField(_("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.IN_PROGRESS)
    level = models.CharField(_("signature level"), max_length=8, choices=Level.choices, default=Level.B_T)
    original = models.FileField(_("original PDF"), upload_to="signing/original/")
    current = models.FileField(_("current PDF"), upload_to="signing/current/")
    signer_name = models.CharField(
        _("signer's name as printed"), max_length=255, blank=True, help_text=_("Used to place the visible signature.")
    )
    signer_title = models.CharField(_("signer's title as printed"), max_length=255, blank=True)
    is_attachment = models.BooleanField(
        _("attachment"),
        default=False,
        help_text=_("An attachment gets the agency's text stamp at the top right of page 1."),
    )
    number_symbol = models.CharField(_("number and symbol"), max_length=100, blank=True, help_text=_("e.g. 15/QĐ-UBND"))
    draft = models.ForeignKey(
        "drafting.Draft", verbose_name=_("draft"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        "library.Document",
        verbose_name=_("library document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature request")
        verbose_name_plural = _("signature requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("signing:detail", args=[self.pk])

    @property
    def current_position(self) -> int | None:
        pending = [s.position for s in self.steps.all() if s.status == StepStatus.PENDING]
        return min(pending) if pending else None


class StepAction(models.TextChoices):
    APPROVE = "approve", _("Review and approve")
    SIGN = "sign", _("Sign")
    SEAL = "seal", _("Sign with the agency's certificate (seal)")


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for earlier steps")
    PENDING = "pending", _("Waiting for this person")
    FINISHING = "finishing", _("Signature being finished")
    APPROVED = "approved", _("Approved")
    SIGNED = "signed", pgettext_lazy("step status", "Signed")
    RETURNED = "returned", _("Returned")
    SKIPPED = "skipped", _("Not needed")


DONE_STEP = (StepStatus.APPROVED, StepStatus.SIGNED)


class ChainStep(ConcurrentTransitionMixin, models.Model):
    """One person's step. Steps with the same position form a group: ``required`` of them must act
    (all of them for "parallel", n for "n of m", 1 for a single person); groups run in order.
    Its workflow: ``services.STEPS``."""

    request = models.ForeignKey(
        SignatureRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("chain step", "position"))
    required = models.PositiveSmallIntegerField(_("required in this group"), default=1)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), on_delete=models.PROTECT, related_name="signing_steps"
    )
    action = models.CharField(_("action"), max_length=16, choices=StepAction.choices)
    status = StateField(_("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.WAITING)
    comment = models.TextField(_("comment"), blank=True)
    failure = models.CharField(
        _("why the last signature failed"),
        max_length=32,
        blank=True,
        help_text=_("The code of the last signing problem (shown in the reader's language); empty once signed."),
    )
    acted_at = models.DateTimeField(_("acted at"), null=True, blank=True)
    job = models.ForeignKey(
        Job, verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("chain step")
        verbose_name_plural = _("chain steps")
        ordering = ["request", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.request} #{self.position} {self.assignee} ({self.get_action_display()})"

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()

    def get_policy_unit(self) -> Unit:
        return self.request.unit


class PendingSignature(models.Model):
    """A signature made in the request (with the PIN) and waiting for its timestamp and
    revocation data (fetched by a background job). Holds no secret."""

    step = models.OneToOneField(ChainStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="pending")
    prepared = models.FileField(_("prepared PDF"), upload_to="signing/pending/")
    document_digest = models.BinaryField(_("document digest"))
    reserved_start = models.PositiveBigIntegerField(_("reserved region start"))
    reserved_end = models.PositiveBigIntegerField(_("reserved region end"))
    cms = models.BinaryField(_("signature (CMS)"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("signature being finished")
        verbose_name_plural = _("signatures being finished")

    def __str__(self) -> str:
        return str(self.step)
