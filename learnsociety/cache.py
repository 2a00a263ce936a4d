"""A Redis cache that degrades to "no cache" when Redis is unreachable, and the
compute-once helper built on it.

The web app must keep serving with Redis stopped (figures are then computed afresh, at
most one second slower than usual); only the health check reports the cache as down.
After a failure the cache is not tried again for ``RETRY_AFTER_SECONDS`` (per process), so
a Redis that does not answer at all (a dropped network, not a refused connection) costs
one timeout, not one per cache call.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
_down_until: dict[str, float] = {}
_down_lock = threading.Lock()


def _quiet(default_index: int | None = None, default=None):
    def wrap(method):
        def inner(self, *args, **kwargs):
            def fallback():
                if default_index is not None and len(args) > default_index:
                    return args[default_index]
                return kwargs.get("default", default)

            if self.is_down():
                return fallback()
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as exc:
                logger.warning("cache unavailable (%s): %s", method.__name__, exc)
                self.mark_down()
                return fallback()

        inner.__name__ = method.__name__
        return inner

    return wrap


class ResilientRedisCache(RedisCache):
    def _down_key(self) -> str:
        return ",".join(self._servers)  # type: ignore[attr-defined]  # set by RedisCache, not in its stubs

    def is_down(self) -> bool:
        """True while a recent failure says Redis is unreachable (no call is tried)."""
        return _down_until.get(self._down_key(), 0.0) > time.monotonic()

    def mark_down(self) -> None:
        with _down_lock:
            _down_until[self._down_key()] = time.monotonic() + RETRY_AFTER_SECONDS

    def ping(self) -> bool:
        """Ask Redis itself (ignoring the back-off): the health check's answer."""
        try:
            client = self._cache.get_client(write=False)
            client.ping()
        except (RedisError, OSError):
            self.mark_down()
            return False
        with _down_lock:
            _down_until.pop(self._down_key(), None)
        return True

    get = _quiet(default_index=1)(RedisCache.get)
    get_many = _quiet(default={})(RedisCache.get_many)
    set = _quiet()(RedisCache.set)
    set_many = _quiet(default=[])(RedisCache.set_many)
    add = _quiet(default=False)(RedisCache.add)
    delete = _quiet(default=False)(RedisCache.delete)
    delete_many = _quiet()(RedisCache.delete_many)
    touch = _quiet(default=False)(RedisCache.touch)
    has_key = _quiet(default=False)(RedisCache.has_key)
    incr = _quiet(default=None)(RedisCache.incr)
    clear = _quiet(default=False)(RedisCache.clear)


def cache_is_down(backend=None) -> bool:
    """Whether the cache is known to be unreachable (never for a local-memory cache)."""
    check = getattr(backend or default_cache, "is_down", None)
    return bool(check and check())


def cache_state(backend=None) -> str:
    """``ok``, ``down`` or ``local`` (an in-process cache: nothing to reach)."""
    backend = backend or default_cache
    ping = getattr(backend, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "down"


def compute_once(
    key: str,
    make: Callable[[], Any],
    *,
    timeout: int,
    lock_seconds: int = 30,
    wait_seconds: float = 10,
    refresh: bool = False,
) -> Any:
    """``make()`` kept in the cache for ``timeout`` seconds; when many processes miss the
    cache together one computes while the others wait for its result (at most
    ``wait_seconds``). With the cache unreachable nobody waits: each computes at once.
    ``refresh`` computes it now and replaces what the cache holds (a background refresh
    before it expires)."""
    if refresh:
        found = make()
        default_cache.set(key, found, timeout)
        return found
    found = default_cache.get(key)
    if found is not None:
        return found
    lock = f"{key}:computing"
    owner = default_cache.add(lock, 1, lock_seconds)
    if not owner and not cache_is_down():
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            time.sleep(0.1)
            found = default_cache.get(key)
            if found is not None:
                return found
            if cache_is_down():
                break
    try:
        found = make()
        default_cache.set(key, found, timeout)
    finally:
        if owner:
            default_cache.delete(lock)
    return found


def generation(namespace: str) -> str:
    """The current generation of cached data in ``namespace``: part of its keys, so that
    ``renew(namespace)`` makes every earlier entry unreachable at once (they expire on
    their own). A random token, not a counter: a generation lost from the cache can never
    come back and revive old entries."""
    key = f"generation:{namespace}"
    found = default_cache.get(key)
    if found is None:
        found = uuid.uuid4().hex[:12]
        if not default_cache.add(key, found, None):
            found = default_cache.get(key) or found
    return found


def renew(namespace: str) -> None:
    """Start a new generation of ``namespace`` (after a write its data depends on)."""
    default_cache.set(f"generation:{namespace}", uuid.uuid4().hex[:12], None)


def renew_after_write(namespace: str) -> None:
    """A new generation of ``namespace`` now, and again once the write commits: data another
    process computes in between, from the database without the write, is left behind with
    the first (the cache receivers of units and society call it)."""
    renew(namespace)
    transaction.on_commit(lambda: renew(namespace))


# How long a province counts as read after one of its users opened a page whose cached
# figures beat renews: the background refresh renews only what somebody is reading.
READ_LATELY_SECONDS = 15 * 60


def _read_key(kind: str, province: int) -> str:
    return f"{kind}:viewed:{province}"


def note_read(kind: str, scope) -> None:
    """Note that one province's ``kind`` of page is being read (a scope of several
    provinces or of all is always renewed)."""
    if scope is not None and len(scope) == 1:
        default_cache.set(_read_key(kind, next(iter(scope))), 1, READ_LATELY_SECONDS)


def read_lately(kind: str, provinces) -> list[int]:
    """Those of ``provinces`` whose ``kind`` of page was opened in the last quarter hour."""
    found = default_cache.get_many([_read_key(kind, p) for p in provinces])
    return [p for p in provinces if _read_key(kind, p) in found]
