"""Panels of the "my work" home page contributed by feature apps.

A feature app adds a template name from its ``AppConfig.ready()``
(``home.register_panel("signing/_home_panel.html")``); org renders them
without importing the app.
"""

from __future__ import annotations

PANELS: list[str] = []


def register_panel(template_name: str) -> None:
    if template_name not in PANELS:
        PANELS.append(template_name)
