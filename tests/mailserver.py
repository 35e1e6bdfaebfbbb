"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the email tests."""

import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback port nothing listens on (yet): a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Keeper:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                (envelope.rcpt_tos, message_from_bytes(envelope.original_content, policy=policy.default))
            )
        return "250 OK"


class MailServer:
    """Listens on 127.0.0.1:`port` until `stop()`; `messages` are (recipients, EmailMessage)."""

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

    @property
    def messages(self) -> list:
        with self._keeper.lock:
            return list(self._keeper.messages)

    def to(self, address: str) -> list:
        return [message for recipients, message in self.messages if address in recipients]
