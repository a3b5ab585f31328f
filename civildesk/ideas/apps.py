from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "civildesk.ideas"
    label = "ideas"
    verbose_name = _("Meetings and ideas")

    def ready(self) -> None:
        from civildesk.org import home, policy
        from civildesk.org.models import Role

        policy.register(
            {
                # call a meeting of a unit and chair it; open idea rounds on its agenda
                "ideas.organise": {Role.LEADER, Role.UNIT_ADMIN},
                # run a province-wide (or unit-wide) idea campaign open to all staff below the unit
                "ideas.campaign": {Role.LEADER, Role.DT_OFFICER},
                # chair a round one owns (open, close, merge, decide)
                "ideas.chair": {Role.LEADER, Role.UNIT_ADMIN, Role.DT_OFFICER},
            }
        )
        home.register_panel("ideas/_home_panel.html")
        from . import services  # noqa: F401  (declares the workflows)
