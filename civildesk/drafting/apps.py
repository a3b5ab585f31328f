from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftingConfig(AppConfig):
    name = "civildesk.drafting"
    label = "drafting"
    verbose_name = _("Drafting")

    def ready(self) -> None:
        from civildesk.org import policy
        from civildesk.org.models import Role

        policy.register(
            {
                # Everyone drafts in their own unit (leaders and unit admins also below it).
                "drafting.draft": policy.EVERYONE,
                # Own unit; leaders and the other subtree roles see their subtree.
                "drafting.view": policy.EVERYONE,
                # Taking a number from the agency's register: the clerk (văn thư),
                # the unit administrator or a leader; services.draft_issue also
                # requires the grant to be in the issuing unit itself.
                "drafting.issue": frozenset({Role.CLERK, Role.UNIT_ADMIN, Role.LEADER}),
            }
        )
