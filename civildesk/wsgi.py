import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")
application = get_wsgi_application()

# Refuse to start with a field-encryption key that cannot read the stored identities.
from civildesk.inspection.protect import check_key_at_startup  # noqa: E402

check_key_at_startup()
