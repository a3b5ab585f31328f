from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from civildesk.api import api
from civildesk.org import views as org_views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", org_views.healthz, name="healthz"),
    path("login/", org_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", org_views.two_factor, name="two_factor"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("org/", include("civildesk.org.urls")),
    path("library/", include("civildesk.library.urls")),
    path("drafting/", include("civildesk.drafting.urls")),
    path("signing/", include("civildesk.signing.urls")),
    path("inspection/", include("civildesk.inspection.urls")),
    path("procedures/", include("civildesk.procedures.urls")),
    path("assistant/", include("civildesk.assistant.urls")),
    path("monitoring/", include("civildesk.monitoring.urls")),
    path("ideas/", include("civildesk.ideas.urls")),
    path("correspondence/", include("civildesk.correspondence.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
