"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the email tests.

It can be started on a port chosen before (`free_port`), so a test can first find the server down,
then up; `received(to)` gives what came, with its envelope, for the headers, text and links."""

import socket
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback port nothing listens on (yet): a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_to: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""


class _Keeper:
    def __init__(self):
        self.mails: list[ReceivedMail] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.mails.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


class MailServer:
    """Listens on 127.0.0.1:`port` from `start()` until `stop()`; keeps every message it accepted."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self._keeper = _Keeper()
        self._controller = None

    def start(self) -> "MailServer":
        self._controller = Controller(self._keeper, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def received(self, to: str | None = None) -> list[ReceivedMail]:
        """What came (for `to` only, when given), in order."""
        with self._keeper.lock:
            return [mail for mail in self._keeper.mails if to is None or to in mail.rcpt_to]

    @property
    def messages(self) -> list:
        """(recipients, EmailMessage) of everything that came."""
        return [(mail.rcpt_to, mail.message) for mail in self.received()]

    def to(self, address: str) -> list:
        return [mail.message for mail in self.received(address)]
