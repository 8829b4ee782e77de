"""A small thread-safe LRU cache."""

import threading
from collections import OrderedDict
from typing import Any

_MISSING = object()


class LRUCache:
    """Bounded mapping that evicts the least recently used entry when full."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, default: Any = _MISSING) -> Any:
        """The cached value, or ``default`` (the sentinel ``MISSING``) when absent."""
        with self._lock:
            if key not in self._data:
                return default
            self._data.move_to_end(key)
            return self._data[key]

    def set(self, key: Any, value: Any) -> None:
        """Store ``value``; evicts the least recently used entry when full."""
        with self._lock:
            self._data[key] = value
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
