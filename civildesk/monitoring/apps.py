from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "civildesk.monitoring"
    label = "monitoring"
    verbose_name = _("Digital-transformation monitoring")

    def ready(self) -> None:
        from civildesk.org import home, policy
        from civildesk.org.models import Role

        policy.register(
            {
                # the dashboard and the exports: anyone holding a role somewhere
                "monitoring.view": set(Role),
                # a unit's reports and their evidence: the unit's DT officer, leaders and admins above it
                "monitoring.view_reports": {Role.DT_OFFICER, Role.LEADER, Role.UNIT_ADMIN},
                # report the unit's values (checked on the reporting unit)
                "monitoring.report": {Role.DT_OFFICER},
                # the DT office (checked on the resolution's unit, the province): define, open, remind, review
                "monitoring.manage": {Role.DT_OFFICER},
                "monitoring.review": {Role.DT_OFFICER},
            }
        )
        home.register_panel("monitoring/_home_panel.html")

        from . import measured

        measured.register_builtin()
