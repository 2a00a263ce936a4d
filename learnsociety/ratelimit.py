"""A fixed-window rate limit kept in the shared cache (Redis in production).

With the cache unreachable the limit is not enforced (logged): an outage of Redis must
not stop people from using the site; login lockouts (django-axes) live in the database.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

from .cache import cache_is_down

logger = logging.getLogger(__name__)


def allow(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for ``key`` in ``scope``; False once ``limit`` attempts were
    made within the current window."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no e-mail address in Redis
    name = f"ratelimit:{scope}:{digest}"
    if cache.add(name, 1, window_seconds):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # the window ended between add and incr
        cache.add(name, 1, window_seconds)
        return True
    if count is None or cache_is_down():
        logger.warning("rate limit %s not enforced: the cache is down", scope)
        return True
    return count <= limit
