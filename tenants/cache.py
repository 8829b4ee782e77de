"""A small thread-safe LRU cache."""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

_MISSING = object()


class LRUCache:
    """Bounded mapping that evicts the least recently used entry when full.

    ``on_evict`` is called (outside the lock) with each value evicted for lack of room.
    """

    def __init__(self, maxsize: int, on_evict: Callable[[Any], None] | None = None):
        self.maxsize = maxsize
        self.on_evict = on_evict
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
        evicted = []
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                evicted.append(self._data.popitem(last=False)[1])
        if self.on_evict is not None:
            for old in evicted:
                self.on_evict(old)

    def delete(self, key: Any) -> None:
        """Forget ``key`` (explicit invalidation)."""
        with self._lock:
            self._data.pop(key, None)

    def pop_where(self, matches: Callable[[Any], bool]) -> list[Any]:
        """Forget every entry whose key ``matches``; returns their values."""
        with self._lock:
            keys = [key for key in self._data if matches(key)]
            return [self._data.pop(key) for key in keys]

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._data.clear()


MISSING = _MISSING
