"""A real SMTP server for tests (aiosmtpd on 127.0.0.1), and the settings that send to it.

``smtp_server`` starts it on a free port, points Django's SMTP backend at it and collects each
message it accepts; ``stop()`` and ``start()`` take it down and bring it back on the same port.
Addresses listed in ``refuse`` are answered 550, as a relay refuses a recipient.
"""

import email
import email.policy
import importlib.util
import socket
import sys
import threading
from pathlib import Path

import pytest


def _import_aiosmtpd():
    """aiosmtpd's dependency atpublic is imported as ``public``, the name of our public
    numbers app, which the project's path finds first. aiosmtpd is imported once with
    atpublic's module standing in under that name, then our app is put back."""
    ours = sys.modules.get("public")
    site_packages = Path(importlib.util.find_spec("aiosmtpd").origin).parent.parent
    spec = importlib.util.spec_from_file_location(
        "public",
        site_packages / "public" / "__init__.py",
        submodule_search_locations=[str(site_packages / "public")],
    )
    atpublic = importlib.util.module_from_spec(spec)
    sys.modules["public"] = atpublic
    try:
        spec.loader.exec_module(atpublic)
        from aiosmtpd.controller import Controller
    finally:
        if ours is not None:
            sys.modules["public"] = ours
        else:
            del sys.modules["public"]
    return Controller


Controller = _import_aiosmtpd()


class Collector:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Recipient refused"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted"


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.collector = Collector()
        self._controller: Controller | None = None

    @property
    def messages(self):
        return self.collector.messages

    @property
    def refuse(self) -> set[str]:
        return self.collector.refuse

    def start(self) -> None:
        self._controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    server = SmtpServer(_free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


def body_of(message, subtype: str = "plain") -> str:
    """The text or HTML part of a received message, decoded."""
    return message.get_body(preferencelist=(subtype,)).get_content()
