from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "civildesk.signing"
    label = "signing"
    verbose_name = _("Digital signatures")

    def ready(self) -> None:
        from civildesk.org import home, policy
        from civildesk.org.models import Role

        home.register_panel("signing/_home_panel.html")

        policy.register(
            {
                # Everyone may send a document of their unit for signature.
                "signing.request": policy.EVERYONE,
                # Own unit; leaders and the other subtree roles see their subtree.
                "signing.view": policy.EVERYONE,
                # People's certificates: unit administrators for their units, system admins anywhere.
                "signing.manage_certificates": frozenset({Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}),
                # Trusted roots and the timestamp authority: system administrators only.
                "signing.manage_trust": frozenset({Role.SYSTEM_ADMIN}),
            }
        )
        # Drafting's outgoing documents are numbered and sealed here (drafting does not import signing).
        from civildesk.drafting import services as drafting

        from .services.outgoing import seal_outgoing

        drafting.register_sealer(seal_outgoing)

        from civildesk.org.services import job_stale

        job_stale.connect(_on_stale_jobs, dispatch_uid="signing.stale_jobs")


def _on_stale_jobs(sender: object, jobs: list, **kwargs: object) -> None:  # type: ignore[type-arg]
    """A signature whose finishing job died is open again: the assignee signs again."""
    from .services.steps import steps_finish_interrupted

    steps_finish_interrupted(job_ids=[job.pk for job in jobs])
