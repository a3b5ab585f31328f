from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "civildesk.correspondence"
    label = "correspondence"
    verbose_name = _("Official correspondence")

    def ready(self) -> None:
        from civildesk.org import home, policy
        from civildesk.org.models import Role

        home.register_panel("correspondence/_home_panel.html")
        policy.register(
            {
                # The unit's register: its clerk (văn thư), leaders (and above), its administrator.
                "correspondence.view": frozenset({Role.CLERK, Role.LEADER, Role.UNIT_ADMIN}),
                # Receiving and registering: the clerk and the unit administrator.
                "correspondence.register": frozenset({Role.CLERK, Role.UNIT_ADMIN}),
                # Assigning for handling: the unit's leaders (and leaders above it).
                "correspondence.assign": frozenset({Role.LEADER}),
                # Handling: anyone, when it is assigned to them or to their unit (the workflow's guard).
                "correspondence.handle": policy.EVERYONE,
            }
        )
        from civildesk.drafting import services as drafting

        from .services import receive_cancellation, receive_dispatch

        drafting.register_dispatch_listener(receive_dispatch)
        drafting.register_cancel_listener(receive_cancellation)
