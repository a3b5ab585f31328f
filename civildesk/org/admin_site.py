"""The admin site with the same two-step login as the app (django-otp's OTPAdminSite).

django-otp's own admin site asks every staff member for a code; CivilDesk's
two-step verification is per account (recommended, not mandatory), so this one
asks exactly those who turned it on, and refuses a session that was opened
without the code (``is_verified``) to an account that has it on.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_otp import user_has_device
from django_otp.admin import OTPAdminSite

from .forms import AdminLoginForm


class TwoStepAdminSite(OTPAdminSite):
    login_form = AdminLoginForm
    login_template = "admin/two_step_login.html"
    site_header = "CivilDesk"
    site_title = "CivilDesk"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_verified() or not user_has_device(user, confirmed=True)
