"""gunicorn's settings for Hromada LMS: `gunicorn -c deploy/gunicorn.conf.py lms.wsgi`, from the project's root.

Everything an operator may change comes from the environment (.env.example, docs/deployment.md). Sync workers: the
app does its slow work (emails, certificate runs, exports) in task workers, so a request holds a worker only briefly;
run several app servers behind the proxy rather than many threads in one.
"""

import logging
import multiprocessing
import os

from gunicorn import glogging


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from None


# --- Where and how many ------------------------------------------------------------------------------------------
# Comma-separated: host:port or unix:/run/hromada/gunicorn.sock. The proxy in front is the only client.
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if address.strip()]
workers = _number("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# Each worker imports the app itself: a restart (HUP) then loads new code, and no database connection is shared
# across a fork.
preload_app = False

# --- Time limits -------------------------------------------------------------------------------------------------
timeout = _number("GUNICORN_TIMEOUT", 30)  # a worker silent this long is killed and replaced
graceful_timeout = _number("GUNICORN_GRACEFUL_TIMEOUT", 30)  # on TERM or HUP: time to finish the requests in hand
# Workers are not replaced after a number of requests unless told (gunicorn's own default, 0): what a worker keeps
# in memory is bounded (the page cache's and content.public_cache's memories have fixed sizes), and a new worker
# takes about two seconds to import the app, during which the site slows for everyone: at 1,000 or 20,000, a worker
# serving cached pages (over 1,000 a second) restarted every few seconds (issue 17). Set it to give back memory a
# long-lived process gathers if you see it grow; the jitter keeps the workers from restarting together.
max_requests = _number("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _number("GUNICORN_MAX_REQUESTS_JITTER", 1000)
# The workers' heartbeat files in memory, not on a disk that may stall (containers mount /tmp on overlay).
_SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's advice for its heartbeat files; nothing secret is written there
if os.path.isdir(_SHARED_MEMORY):
    worker_tmp_dir = _SHARED_MEMORY

# --- Behind the proxy --------------------------------------------------------------------------------------------
# Addresses whose X-Forwarded-* headers gunicorn believes ("*" only when nothing else can reach the port). Django
# reads the scheme from X-Forwarded-Proto itself (SECURE_PROXY_SSL_HEADER) and the client's address as
# TRUSTED_PROXY_COUNT / TRUSTED_CLIENT_IP_HEADER say.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "hromada-lms"
control_socket_disable = True  # gunicorn 24+'s runtime control socket: not used, so not opened

# --- Logs: the access log and gunicorn's own messages as JSON lines (LOG_FORMAT=text for plain lines) -----------
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower() or "json"
loglevel = os.environ.get("LOG_LEVEL", "info").strip().lower() or "info"
accesslog = "-"


class AccessLogger(glogging.Logger):
    """One record per request with its fields apart (method, path, status, bytes, duration_ms, request_id from the
    X-Request-ID the app answered with). The query string is left out: it may carry tokens or search words."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = {name.lower(): value for name, value in resp.headers}
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "request_id": headers.get("x-request-id", "-"),
        }
        try:
            self.access_log.info("%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields)
        except Exception:
            logging.getLogger("gunicorn.error").exception("Could not write the access log")


logger_class = AccessLogger
_FORMATTERS = {
    "json": {"()": "lms.operations.logs.JsonFormatter"},
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lms.operations.logs.RequestIdFilter"}},
    "formatters": {"line": _FORMATTERS[LOG_FORMAT] if LOG_FORMAT in _FORMATTERS else _FORMATTERS["json"]},
    "handlers": {
        # The access records carry their request id already (from the response); the others get "-" or the id of
        # the request in hand.
        "access": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stderr"},
        "error": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stderr",
                  "filters": ["request_id"]},
    },
    "root": {"level": "INFO", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
