"""One delivery thread per process for mail that requests queued (``MAIL_DELIVER_AFTER_REQUEST``).

A request hands over the tenant and the ids of the messages it committed and returns at once;
the thread sends them in its own app context bound to that tenant. A slow or hanging SMTP server
therefore never holds a response. The queue is bounded: when it is full, or the process ends
first, the messages simply stay in the outbox for ``gorilla mail send``.
"""

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable

from flask import Flask

from tenants.context import tenant_context
from tenants.models import TenantInfo

MAX_PENDING = 100  # handed-over batches waiting for the thread


class BackgroundDelivery:
    """Runs ``deliver(ids)`` for each handed-over batch in one thread, tenant by tenant."""

    def __init__(self, app: Flask, deliver: Callable[[Iterable[int]], object]):
        self.app = app
        self.deliver = deliver
        self._batches: deque[tuple[TenantInfo, frozenset[int]]] = deque()
        self._state = threading.Condition()
        self._running = False
        self._pid = os.getpid()

    def submit(self, tenant: TenantInfo, ids: Iterable[int]) -> bool:
        """Queue ``ids`` of ``tenant`` for delivery; ``False`` when the queue is full."""
        with self._state:
            if self._pid != os.getpid():  # forked: the parent's thread is not ours
                self._batches.clear()
                self._running, self._pid = False, os.getpid()
            if len(self._batches) >= MAX_PENDING:
                return False
            self._batches.append((tenant, frozenset(ids)))
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="gorilla-mail", daemon=True).start()
        return True

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every handed-over batch is done (``False`` on timeout)."""
        with self._state:
            return self._state.wait_for(lambda: not self._running, timeout)

    def _run(self) -> None:
        while True:
            with self._state:
                if not self._batches:
                    self._running = False
                    self._state.notify_all()
                    return
                tenant, ids = self._batches.popleft()
            self._deliver(tenant, ids)

    def _deliver(self, tenant: TenantInfo, ids: frozenset[int]) -> None:
        with self.app.app_context(), tenant_context(tenant):
            try:
                self.deliver(ids)
            except Exception:  # noqa: BLE001 - the messages stay queued for `gorilla mail send`
                self.app.logger.exception("background mail delivery failed for %s", tenant.slug)
