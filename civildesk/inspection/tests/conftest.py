from __future__ import annotations

import pytest

from civildesk.inspection import protect
from civildesk.inspection.models import CaseType, Channel, Instance
from civildesk.inspection.protect import Identity
from civildesk.org.models import Role

DENOUNCER = Identity(name="Lò Thị Bảo Mật", phone="0912000111", citizen_id="020190000111", address="Thôn Bản Ngà")


@pytest.fixture(autouse=True)
def _private_key_and_lexical(settings, tmp_path):
    settings.CIVILDESK_FIELD_KEY_FILE = tmp_path / "keys" / "field.key"
    settings.CIVILDESK_INDEX_DENSE = False
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "files", "base_url": None}},
    }
    protect._load_key.cache_clear()
    from django.core.cache import cache

    cache.clear()
    yield
    protect._load_key.cache_clear()


@pytest.fixture
def handler_a(units, make_persona):
    """An inspector of unit A (the handling unit in these tests)."""
    return make_persona("handler.a", units["a"], Role.INSPECTOR)


@pytest.fixture
def reception_a(units, make_persona):
    return make_persona("reception.a", units["a"], Role.STAFF)


@pytest.fixture
def register(units):
    from civildesk.inspection import services

    def _register(
        actor,
        *,
        case_type=CaseType.COMPLAINT,
        identity=None,
        unit=None,
        title="Khiếu nại thu hồi đất",
        content="Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND vì mức bồi thường quá thấp.",
        instance=Instance.FIRST,
        channel=Channel.IN_PERSON,
        **kw,
    ):
        return services.case_register(
            actor=actor,
            unit=unit or units["a"],
            case_type=case_type,
            instance=instance,
            channel=channel,
            title=title,
            content=content,
            identity=identity or Identity(name="Nguyễn Văn A", phone="0987654321", address="Lạng Sơn"),
            **kw,
        ).case

    return _register
