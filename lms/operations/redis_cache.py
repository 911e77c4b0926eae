"""Django's Redis cache backend, keeping one Redis client per connection pool instead of one per cache call.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every get or set, and redis-py fills a table of
some 160 response callbacks in each: about 70 µs a call, which made a cached page's two cache reads cost more than
the rest of its replay. A `redis.Redis` takes a connection from its pool for each command and is safe to share
between threads, so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
