"""The client's address, as every rate limit on the site counts it.

Behind a reverse proxy each request arrives from the proxy, so counting REMOTE_ADDR would put every visitor in one
bucket: ten wrong passwords from anyone would lock everybody out. allauth finds the client from the settings
ALLAUTH_TRUSTED_PROXY_COUNT (how many proxies of ours append to X-Forwarded-For) or ALLAUTH_TRUSTED_CLIENT_IP_HEADER
(a header our proxy sets, e.g. X-Real-IP); django-ratelimit asks the same function through RATELIMIT_IP_META_KEY,
so the log-in limits and the search and verification limits always count the same person.
"""

from allauth.account.adapter import get_adapter
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of whoever sent the request, as allauth's account adapter reads it."""
    return get_adapter(request).get_client_ip(request)
