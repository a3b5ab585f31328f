import numpy as np
import pytest

from civildesk.retrieval.fusion import DEFAULT_WEIGHTS, route_for, strip_boilerplate
from civildesk.retrieval.index import fuse


@pytest.mark.parametrize(
    ("query", "cleaned"),
    [
        ("Hợp đồng lữ hành phải lập thành văn bản, đúng hay sai?", "Hợp đồng lữ hành phải lập thành văn bản"),
        ("hop dong lu hanh phai lap thanh van ban la dung hay sai", "hop dong lu hanh phai lap thanh van ban"),
        ("Điều nào sau đây KHÔNG đúng về nghĩa vụ của bên vận chuyển?", "KHÔNG đúng về nghĩa vụ của bên vận chuyển?"),
        ("Viên chức có quyền gì?", "Viên chức có quyền gì?"),
        ("Đúng hay sai?", "Đúng hay sai?"),
    ],
)
def test_strip_boilerplate(query, cleaned):
    assert strip_boilerplate(query) == cleaned


def test_routes():
    assert route_for("vi") == "vi"
    assert route_for("vi-nodiac") == "vi-nodiac"
    assert route_for("en") == route_for("bn") == "xl"
    assert route_for("other") == "dense"
    assert set(DEFAULT_WEIGHTS) >= {"vi", "vi-nodiac", "xl", "dense", "lexical"}


def test_fuse_normalises_over_allowed_passages_only():
    feats = {"u": np.array([10.0, 2.0, 1.0], dtype=np.float32)}
    allowed = np.array([False, True, True])
    score = fuse(feats, allowed, {"u": 1.0})
    assert score[1] == pytest.approx(1.0)
    assert score[2] == pytest.approx(0.5)
