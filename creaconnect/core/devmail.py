"""Development mailbox: an e-mail backend that keeps messages as .eml files.

Only used when DEBUG is on and no EMAIL_URL is configured. The web process, the Celery
worker and the tests all see the same folder, so ``/dev/mail/`` shows what any of them sent.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


def mailbox_dir() -> Path:
    path = Path(settings.DEV_MAILBOX_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


class DevMailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = mailbox_dir()
        for message in email_messages:
            name = f"{timezone.now():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
            (folder / name).write_bytes(message.message().as_bytes())
        return len(email_messages)
