from pathlib import Path

import pytest

from civildesk.retrieval import Passage


@pytest.fixture(scope="session")
def data_dir(legal_qa: Path) -> Path:
    """The shared ALQAC data (the root conftest's ``legal_qa``: skips locally without it, fails in CI)."""
    return legal_qa


@pytest.fixture
def small_passages() -> list[Passage]:
    return [
        Passage(
            id="vc:1",
            doc_id="vc",
            title="Luật Viên chức — Điều 1. Phạm vi điều chỉnh",
            text="Luật này quy định về viên chức; quyền, nghĩa vụ của viên chức.",
            meta={"doc_type": "luat", "year": "2010"},
        ),
        Passage(
            id="vc:2",
            doc_id="vc",
            title="Luật Viên chức — Điều 2. Viên chức",
            text="Viên chức là công dân Việt Nam được tuyển dụng theo vị trí việc làm.",
            meta={"doc_type": "luat", "year": "2010"},
        ),
        Passage(
            id="ct:1",
            doc_id="ct",
            title="Luật Cư trú — Điều 1. Nơi thường trú",
            text="Nơi thường trú là nơi công dân sinh sống ổn định, lâu dài và đã được đăng ký thường trú.",
            meta={"doc_type": "luat", "year": "2020"},
        ),
        Passage(
            id="nd:1",
            doc_id="nd",
            title="Nghị định 30 — Điều 1. Văn bản hành chính",
            text="Văn bản hành chính được trình bày theo thể thức quy định tại Phụ lục.",
            access="unit:1",
            meta={"doc_type": "nghi_dinh", "year": "2020"},
        ),
    ]
