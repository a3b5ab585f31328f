"""A throwaway PKI built with certomancer: for tests, the demo and the benchmark. Never for production.

``build(directory, url_prefix)`` generates fresh RSA keys into ``directory``
(nothing is committed), declares a root CA, an intermediate CA, an OCSP
responder, a timestamp authority and signer certificates (valid, expired,
revoked, and one whose OCSP responder and CRL are unreachable), and returns
a :class:`TestPKI` with the certificates, PKCS#12 files and a WSGI app (the
certomancer Animator) that serves OCSP, CRLs and timestamps under
``url_prefix``. ``serve(pki_dir)`` runs that app on 127.0.0.1 in a thread.

Plain Python: no Django.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ARCH = "civildesk-test"
# Services whose URLs the WSGI wrapper refuses (503): "revocation cannot be checked".
OFFLINE_LABEL = "offline"
SIGNERS = ("signer", "agency", "expired", "revoked", "unreachable")
KEY_LABELS = ("root", "interm", "ocsp", "tsa", *SIGNERS)


def _ts(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S+0000")


def _write_keys(directory: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    directory.mkdir(parents=True, exist_ok=True)
    for label in KEY_LABELS:
        path = directory / f"{label}.key.pem"
        if path.exists():
            continue
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        path.chmod(0o600)


def config(*, names: dict[str, str] | None = None, now: datetime | None = None) -> dict[str, Any]:
    """The certomancer configuration (a dict). ``names`` overrides common names by label."""
    now = now or datetime.now(UTC)
    names = {
        "root": "CivilDesk TEST Root CA",
        "interm": "CivilDesk TEST Issuing CA",
        "ocsp": "CivilDesk TEST OCSP Responder",
        "tsa": "CivilDesk TEST Time Stamping Authority",
        "signer": "Nguyễn Văn Ký",
        "agency": "Sở Thông tin và Truyền thông (TEST)",
        "expired": "Trần Thị Hết Hạn",
        "revoked": "Lê Văn Thu Hồi",
        "unreachable": "Phạm Văn Ngoại Tuyến",
        **(names or {}),
    }
    long_ago, far = "2000-01-01T00:00:00+0000", "2100-01-01T00:00:00+0000"
    usage = {
        "id": "key_usage",
        "critical": True,
        "smart-value": {"schema": "key-usage", "params": ["digital_signature", "non_repudiation"]},
    }
    ca_usage = {
        "id": "key_usage",
        "critical": True,
        "smart-value": {"schema": "key-usage", "params": ["digital_signature", "key_cert_sign", "crl_sign"]},
    }

    def revinfo(repo: str) -> list[dict[str, Any]]:
        return [
            {
                "id": "crl_distribution_points",
                "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": [repo]}},
            },
            {
                "id": "authority_information_access",
                "smart-value": {"schema": "aia-urls", "params": {"ocsp-responder-names": [repo]}},
            },
        ]

    def signer(valid_from: datetime, valid_to: datetime, repo: str = "interm") -> dict[str, Any]:
        return {
            "issuer": "interm",
            "validity": {"valid-from": _ts(valid_from), "valid-to": _ts(valid_to)},
            "extensions": [usage, *revinfo(repo)],
        }

    certs: dict[str, Any] = {
        "root": {
            "subject": "root",
            "issuer": "root",
            "validity": {"valid-from": long_ago, "valid-to": far},
            "extensions": [{"id": "basic_constraints", "critical": True, "value": {"ca": True}}, ca_usage],
        },
        "interm": {
            "issuer": "root",
            "validity": {"valid-from": long_ago, "valid-to": far},
            "extensions": [
                {"id": "basic_constraints", "critical": True, "value": {"ca": True, "path-len-constraint": 0}},
                ca_usage,
                {
                    "id": "crl_distribution_points",
                    "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": ["root"]}},
                },
            ],
        },
        "ocsp": {
            "issuer": "interm",
            "validity": {"valid-from": long_ago, "valid-to": far},
            "extensions": [
                {
                    "id": "key_usage",
                    "critical": True,
                    "smart-value": {"schema": "key-usage", "params": ["digital_signature"]},
                },
                {"id": "extended_key_usage", "critical": True, "value": ["ocsp_signing"]},
                {"id": "ocsp_no_check"},
            ],
        },
        "tsa": {
            "issuer": "root",
            "validity": {"valid-from": long_ago, "valid-to": far},
            "extensions": [
                {
                    "id": "key_usage",
                    "critical": True,
                    "smart-value": {"schema": "key-usage", "params": ["digital_signature"]},
                },
                {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                {
                    "id": "crl_distribution_points",
                    "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": ["root"]}},
                },
            ],
        },
        "signer": signer(now - timedelta(days=30), now + timedelta(days=3650)),
        "agency": signer(now - timedelta(days=30), now + timedelta(days=3650)),
        "expired": signer(datetime(2020, 1, 1, tzinfo=UTC), datetime(2021, 1, 1, tzinfo=UTC)),
        "revoked": {
            **signer(now - timedelta(days=30), now + timedelta(days=3650)),
            "revocation": {"revoked-since": _ts(now - timedelta(days=1)), "reason": "key_compromise"},
        },
        "unreachable": signer(now - timedelta(days=30), now + timedelta(days=3650), repo=OFFLINE_LABEL),
    }
    return {
        "keysets": {ARCH: {"keys": {label: {"path": f"{label}.key.pem"} for label in KEY_LABELS}}},
        "pki-architectures": {
            ARCH: {
                "keyset": ARCH,
                "entity-defaults": {"country-name": "VN", "organization-name": "CivilDesk TEST PKI"},
                "entities": {label: {"common-name": names[label]} for label in KEY_LABELS},
                "certs": certs,
                "services": {
                    "ocsp": {
                        "interm": {"for-issuer": "interm", "responder-cert": "ocsp", "signing-key": "ocsp"},
                        OFFLINE_LABEL: {"for-issuer": "interm", "responder-cert": "ocsp", "signing-key": "ocsp"},
                    },
                    "crl-repo": {
                        "root": {"for-issuer": "root", "signing-key": "root", "simulated-update-schedule": "P90D"},
                        "interm": {"for-issuer": "interm", "signing-key": "interm", "simulated-update-schedule": "P7D"},
                        OFFLINE_LABEL: {
                            "for-issuer": "interm",
                            "signing-key": "interm",
                            "simulated-update-schedule": "P7D",
                        },
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


@dataclass
class TestPKI:
    """The generated PKI: certificates as DER, keys as PEM files, service URLs."""

    __test__ = False  # not a pytest class

    directory: Path
    url_prefix: str
    arch: Any
    _app: Any = field(default=None, repr=False)

    def cert_der(self, label: str) -> bytes:
        from certomancer.registry import CertLabel

        return self.arch.get_cert(CertLabel(label)).dump()

    def cert_pem(self, label: str) -> str:
        from asn1crypto import pem

        return pem.armor("CERTIFICATE", self.cert_der(label)).decode()

    def key_path(self, label: str) -> Path:
        return self.directory / f"{label}.key.pem"

    def chain_der(self, label: str) -> list[bytes]:
        """Intermediate certificates of ``label`` (without the root)."""
        return [self.cert_der("interm")] if label in SIGNERS or label == "ocsp" else []

    @property
    def tsa_url(self) -> str:
        return f"{self.url_prefix}/{ARCH}/tsa/tsa"

    def pkcs12(self, label: str, passphrase: str) -> bytes:
        """A PKCS#12 file with ``label``'s key, certificate and the intermediate."""
        from cryptography import x509 as cx509
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12

        key = serialization.load_pem_private_key(self.key_path(label).read_bytes(), password=None)
        return pkcs12.serialize_key_and_certificates(
            name=label.encode(),
            key=key,  # type: ignore[arg-type]
            cert=cx509.load_der_x509_certificate(self.cert_der(label)),
            cas=[cx509.load_der_x509_certificate(der) for der in self.chain_der(label)],
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
        )

    def wsgi_app(self) -> Any:
        """The certomancer Animator (OCSP, CRLs, TSA), refusing the "offline" services."""
        if self._app is None:
            from certomancer.integrations.animator import Animator, AnimatorArchStore
            from certomancer.registry import ArchLabel

            animator = Animator(AnimatorArchStore({ArchLabel(ARCH): self.arch}), with_web_ui=False)

            def app(environ: dict[str, Any], start_response: Any) -> Any:
                if f"/{OFFLINE_LABEL}" in environ.get("PATH_INFO", ""):
                    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                    return [b"offline"]
                return animator(environ, start_response)

            self._app = app
        return self._app


def build(directory: Path | str, url_prefix: str, *, names: dict[str, str] | None = None) -> TestPKI:
    """Generate keys (once) into ``directory`` and the certificates for ``url_prefix``."""
    from certomancer.registry import ArchLabel, CertomancerConfig

    directory = Path(directory)
    _write_keys(directory)
    cfg = CertomancerConfig(config(names=names), key_search_dir=str(directory), external_url_prefix=url_prefix)
    return TestPKI(directory=directory, url_prefix=url_prefix, arch=cfg.get_pki_arch(ArchLabel(ARCH)))


class Server:
    """A werkzeug server on 127.0.0.1 (a free port) in a daemon thread."""

    def __init__(self) -> None:
        from werkzeug.serving import make_server

        self._app: Any = None
        self._server = make_server("127.0.0.1", 0, self._dispatch, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="test-pki")

    def _dispatch(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self._app(environ, start_response)

    def start(self, app: Any) -> Server:
        self._app = app
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def serve(directory: Path | str, *, names: dict[str, str] | None = None) -> tuple[TestPKI, Server]:
    """Build the PKI for a fresh loopback server and start serving it."""
    server = Server()
    pki = build(directory, server.url, names=names)
    server.start(pki.wsgi_app())
    return pki, server
