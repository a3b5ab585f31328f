from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "civildesk.assistant"
    label = "assistant"
    verbose_name = _("Virtual assistant")

    def ready(self) -> None:
        from civildesk.org import home, policy
        from civildesk.org.models import Role

        policy.register(
            {
                # Anyone with a role asks; answers only use documents they may read.
                "assistant.ask": policy.EVERYONE,
                # See ratings and unanswered questions of the units below, export them.
                "assistant.review": frozenset({Role.UNIT_ADMIN, Role.SYSTEM_ADMIN, Role.DT_OFFICER}),
            }
        )
        home.register_panel("assistant/_home_panel.html")

        from civildesk.org.models import job_messages_register

        from .tasks import JOB_MESSAGES

        job_messages_register(*JOB_MESSAGES)

        from civildesk.library.tasks import after_indexing

        from .cards import embed_document_units

        # Answer cards score clauses by meaning: embed them when a document is indexed, not at question time.
        after_indexing(embed_document_units)
