"""A small thread-safe LRU cache whose entries expire after a TTL."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

_MISSING = object()


class TTLCache:
    """Bounded mapping; ``get`` treats entries older than ``ttl`` seconds as absent."""

    def __init__(self, maxsize: int, ttl: float, clock: Callable[[], float] = time.monotonic):
        self.maxsize = maxsize
        self.ttl = ttl
        self.clock = clock
        self._data: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, default: Any = _MISSING) -> Any:
        """The cached value, or ``default`` (the sentinel ``MISSING``) when absent or stale."""
        with self._lock:
            entry = self._data.get(key)
            if entry is None or entry[0] < self.clock():
                self._data.pop(key, None)
                return default
            self._data.move_to_end(key)
            return entry[1]

    def set(self, key: Any, value: Any) -> None:
        """Store ``value``; evicts the least recently used entry when full."""
        with self._lock:
            self._data[key] = (self.clock() + self.ttl, value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def delete(self, key: Any) -> None:
        """Forget ``key`` (explicit invalidation)."""
        with self._lock:
            self._data.pop(key, None)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._data.clear()


MISSING = _MISSING
