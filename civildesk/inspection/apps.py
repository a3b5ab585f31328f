from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "civildesk.inspection"
    label = "inspection"
    verbose_name = _("Inspection, complaints and denunciations")

    def ready(self) -> None:
        from civildesk.org import home, policy
        from civildesk.org.models import Role

        policy.register(
            {
                # complaints, denunciations, petitions
                "inspection.view_cases": {Role.STAFF, Role.CLERK, Role.INSPECTOR, Role.LEADER},
                "inspection.receive": {Role.STAFF, Role.CLERK, Role.INSPECTOR, Role.LEADER},
                "inspection.handle": {Role.INSPECTOR, Role.LEADER},
                "inspection.decide": {Role.LEADER},
                "inspection.dashboard": {Role.LEADER, Role.INSPECTOR},
                # inspection plans and inspections
                "inspection.plan": {Role.LEADER, Role.INSPECTOR},
                "inspection.approve_plan": {Role.LEADER},
                "inspection.inspect": {Role.INSPECTOR, Role.LEADER},
                # the inspected unit reports on the recommendations addressed to it
                "inspection.follow_up": {Role.STAFF, Role.LEADER},
            }
        )
        home.register_panel("inspection/_home_panel.html")
