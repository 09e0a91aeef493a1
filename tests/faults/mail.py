"""A mail backend for the worker-killed test: the first email of the run hangs, as a stuck mail
server would, until the test kills the process; every later one is written to a file."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class StallOnceBackend(EmailBackend):
    """Before hanging, it writes its process ID to FAULT_STALL_FILE (so the test knows whom to
    kill); once that file exists, emails go through."""

    def send_messages(self, email_messages):
        marker = Path(os.environ["FAULT_STALL_FILE"])
        if not marker.exists():
            partial = marker.with_suffix(".tmp")
            partial.write_text(str(os.getpid()))
            partial.rename(marker)
            time.sleep(120)
        return super().send_messages(email_messages)
