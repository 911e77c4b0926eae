"""Certificate PDFs in bulk: `python -m bench.pdfs [count] [processes]` draws `count` (default 1,000) certificates of
the database as PDF in `processes` (default 2, one per core) worker processes, as a certificate worker would, and
prints {"count", "processes", "seconds", "ms_per_pdf", "bytes"} as JSON.

Runs inside the project with the server's settings and database; the certificates are the ones issued there (taken
again from the start when there are fewer than `count`).
"""

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import django

django.setup()

from django.db import connections  # noqa: E402

from certificates.models import Certificate  # noqa: E402
from certificates.pdf import render_certificate_pdf  # noqa: E402


def _fresh_connections() -> None:
    """A forked worker must not share the parent's database connection."""
    for connection in connections.all(initialized_only=True):
        connection.inc_thread_sharing()
        connection.close()
        connection.dec_thread_sharing()


def _warm() -> None:
    """What each worker pays once (WeasyPrint, Pango, fonts, the stylesheet), before the clock starts."""
    certificate = Certificate.objects.order_by("pk").first()
    render_certificate_pdf(certificate)


def _draw(ids: list[int]) -> int:
    certificates = Certificate.objects.in_bulk(ids)
    return sum(len(render_certificate_pdf(certificates[pk])) for pk in ids)


def main(count: int, processes: int) -> dict:
    ids = list(Certificate.objects.order_by("pk").values_list("pk", flat=True)[:count])
    if not ids:
        raise SystemExit("no certificates in this database")
    ids = (ids * (count // len(ids) + 1))[:count]
    chunks = [ids[n:n + 50] for n in range(0, count, 50)]
    connections.close_all()
    with ProcessPoolExecutor(processes, initializer=_fresh_connections) as pool:
        list(pool.map(_call_warm, range(processes)))
        started = time.perf_counter()
        size = sum(pool.map(_draw, chunks))
        seconds = time.perf_counter() - started
    return {"count": count, "processes": processes, "seconds": round(seconds, 1),
            "ms_per_pdf": round(1000 * seconds / count, 1), "bytes": size}


def _call_warm(_: int) -> None:
    _warm()
    time.sleep(0.5)  # each worker takes one: both are warm before the clock starts


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    print(json.dumps(main(*arguments) if arguments else main(1000, 2)))
