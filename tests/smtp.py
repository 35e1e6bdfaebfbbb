"""A real SMTP server on loopback for tests of the email outbox (the network rule: loopback only).

Small on purpose: it speaks the part of RFC 5321 Django's SMTP backend uses (EHLO/HELO, MAIL, RCPT,
DATA with dot-unstuffing, RSET, NOOP, QUIT) and keeps every message it accepted, parsed. It can be
started on a port chosen before (`free_port`), so a test can first find the server down, then up.
"""

import email
import email.policy
import socket
import socketserver
import threading
from dataclasses import dataclass


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_to: list[str]
    message: email.message.EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""


def free_port() -> int:
    """A loopback port nobody listens on now (the mail server that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """An SMTP server on 127.0.0.1 that accepts everything and records it (`messages`)."""

    def __init__(self, port: int = 0):
        self.messages: list[ReceivedMail] = []
        self._lock = threading.Lock()
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("220 localhost test SMTP")
                mail_from, rcpt_to = "", []
                while True:
                    raw = self.rfile.readline()
                    if not raw:
                        return
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    verb = line[:4].upper()
                    if verb == "EHLO":
                        self.reply("250-localhost")
                        self.reply("250 8BITMIME")
                    elif verb == "HELO" or verb == "NOOP":
                        self.reply("250 OK")
                    elif verb == "MAIL":
                        mail_from, rcpt_to = line.split(":", 1)[1].split()[0].strip("<>"), []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        rcpt_to.append(line.split(":", 1)[1].strip().strip("<>"))
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        lines = []
                        while True:
                            data = self.rfile.readline()
                            if data in (b".\r\n", b".\n", b""):
                                break
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                        with server._lock:
                            server.messages.append(ReceivedMail(mail_from, list(rcpt_to), message))
                        self.reply("250 OK queued")
                    elif verb == "RSET":
                        mail_from, rcpt_to = "", []
                        self.reply("250 OK")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Command not implemented")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def received(self, to: str | None = None) -> list[ReceivedMail]:
        with self._lock:
            return [mail for mail in self.messages if to is None or to in mail.rcpt_to]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
