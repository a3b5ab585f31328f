"""Every write of the procedures app goes through these functions, one module per family.

- :mod:`.codes`: dossier codes (unit + YYMMDD + daily sequence, gap-free);
- :mod:`.intake`: registering a dossier (online, at the counter), its files, the citizen's look-up;
- :mod:`.workflow`: the national status set 1–10 as declared transitions (:data:`DOSSIERS`);
- :mod:`.results`: the result drafted (``drafting``) and signed (``signing``);
- :mod:`.citizen`: what the applicant does without an account (supplement, withdraw, rate);
- :mod:`.documents`: Forms 01–07 of Circular 03/2025/TT-VPCP as PDF and DOCX;
- :mod:`.catalogue`: the procedure catalogue, its import and export;
- :mod:`.stats`: the leader's dashboard and the Decision 766 scores from the dossiers;
- :mod:`.notify`: telling the applicant (e-mail, SMS, Zalo behind one seam).
"""

from __future__ import annotations

from .codes import format_code, next_code
from .intake import Registered, dossier_find_for_citizen, dossier_register
from .workflow import DOSSIERS

__all__ = ["DOSSIERS", "Registered", "dossier_find_for_citizen", "dossier_register", "format_code", "next_code"]
