"""A Redis cache that degrades to "no cache" when Redis is unreachable.

The web app must keep serving with Redis stopped (figures are then computed afresh); only
the health check reports the broker as down.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _quiet(default_index: int | None = None, default=None):
    def wrap(method):
        def inner(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as exc:
                logger.warning("cache unavailable (%s): %s", method.__name__, exc)
                if default_index is not None and len(args) > default_index:
                    return args[default_index]
                return kwargs.get("default", default)

        inner.__name__ = method.__name__
        return inner

    return wrap


class ResilientRedisCache(RedisCache):
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
