import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civildesk.settings")
application = get_asgi_application()

# Refuse to start with a field-encryption key that cannot read the stored identities.
from civildesk.inspection.protect import check_key_at_startup  # noqa: E402

check_key_at_startup()
