from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "civildesk.procedures"
    label = "procedures"
    verbose_name = _("Administrative procedures")

    def ready(self) -> None:
        from civildesk.org import home, policy
        from civildesk.org.models import Role

        policy.register(
            {
                "procedures.view": {Role.STAFF, Role.CLERK, Role.LEADER},
                "procedures.receive": {Role.CLERK, Role.LEADER},
                "procedures.process": {Role.STAFF, Role.LEADER},
                "procedures.decide": {Role.LEADER},
                "procedures.dashboard": {Role.LEADER},
                "procedures.catalogue": {Role.LEADER, Role.UNIT_ADMIN},
            }
        )
        home.register_panel("procedures/_home_panel.html")
        from .services import workflow  # noqa: F401  (declares the dossier workflow)
