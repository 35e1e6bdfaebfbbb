"""https through the outbound policy: the connection goes to the address that was checked, and TLS
still names the host (SNI) and checks its certificate for that name.

A certificate authority made for this test signs the loopback server's certificate; the fetcher trusts
it through SSL_CERT_FILE, read by OpenSSL when the default context is made. Nothing leaves 127.0.0.1.
"""

import datetime
import ipaddress
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from factcheck.outbound import fetch
from factcheck.outbound_policy import FetchFailed, OutboundRefused


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, issuer, public_key, signing_key, *, is_ca, names=()):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )
    if is_ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _pem(certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


class TlsSite:
    """An https server on 127.0.0.1 whose certificate names `names`; it records the SNI names it saw."""

    def __init__(self, tmp_path, ca_key, ca_certificate, names):
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = _certificate("test site", "test CA", key.public_key(), ca_key, is_ca=False, names=names)
        chain = tmp_path / "site.pem"
        chain.write_bytes(
            _pem(certificate)
            + key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        self.server_names: list[str | None] = []
        self.clients: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.clients.append(self.client_address[0])
                body = b"<title>Over TLS</title><p>Encrypted.</p>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(chain)
        context.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def certificate_authority(tmp_path, monkeypatch):
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _certificate("test CA", "test CA", key.public_key(), key, is_ca=True)
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(_pem(certificate))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return key, certificate


@pytest.fixture
def tls_site(tmp_path, certificate_authority, settings):
    sites = []

    def make(*names):
        site = TlsSite(tmp_path, *certificate_authority, names)
        sites.append(site)
        settings.OUTBOUND_ALLOWLIST = frozenset({("localhost", site.port)})
        return site

    yield make
    for site in sites:
        site.close()


def test_https_names_the_host_and_checks_its_certificate_over_the_checked_address(tls_site):
    site = tls_site(x509.DNSName("localhost"))

    result = fetch(f"https://localhost:{site.port}/report")

    assert result.status_code == 200 and b"Over TLS" in result.body
    assert site.server_names == ["localhost"]  # SNI carried the name, although we connect to an address
    assert site.clients == ["127.0.0.1"]


def test_a_certificate_for_another_name_is_refused_with_a_reason(tls_site):
    site = tls_site(x509.DNSName("elsewhere.test"), x509.IPAddress(ipaddress.ip_address("127.0.0.2")))

    with pytest.raises(FetchFailed) as failed:
        fetch(f"https://localhost:{site.port}/report")

    assert failed.value.reason.startswith("TLS with localhost failed:")
    assert "localhost" in failed.value.reason and "certificate" in failed.value.reason.lower()
    assert site.clients == []  # no request was sent over a connection we could not trust


def test_a_certificate_from_an_authority_nobody_trusts_is_refused(tls_site, monkeypatch, tmp_path):
    site = tls_site(x509.DNSName("localhost"))
    stranger_key = ec.generate_private_key(ec.SECP256R1())
    stranger = _certificate("stranger", "stranger", stranger_key.public_key(), stranger_key, is_ca=True)
    (tmp_path / "other-ca.pem").write_bytes(_pem(stranger))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "other-ca.pem"))

    with pytest.raises(FetchFailed) as failed:
        fetch(f"https://localhost:{site.port}/")

    assert "certificate verify failed" in failed.value.reason
    assert site.clients == []


def test_https_to_a_port_the_allowlist_does_not_name_is_refused_before_any_connection(tls_site, settings):
    site = tls_site(x509.DNSName("localhost"))
    settings.OUTBOUND_ALLOWLIST = frozenset()

    with pytest.raises(OutboundRefused):
        fetch(f"https://localhost:{site.port}/")

    assert site.server_names == [] and site.clients == []
