"""Two app servers on one database and one Redis behave as one site (issue 16, item 8).

Real processes with production settings: two gunicorn instances on two loopback ports (A and B), one `db_worker` for
every queue, a PostgreSQL database copied from the seeded demo, Redis. A log-in on A is a log-in on B; a page
published through A's admin is new on B at once, even after B served it from the page cache; attendance marked on A
becomes a certificate issued by the worker and shown on B; and one instance restarted under load loses no request
and no acknowledged write, with the other taking over what a proxy would hand it.
"""

import secrets
import shutil
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from http.client import HTTPException

import pytest

from tests.deployment.cluster import (
    DEMO_PASSWORD,
    AppServer,
    Client,
    Process,
    Site,
    copy_of,
    drop_database,
    free_port,
    parse_forms,
    postgres_server,
    redis_url,
    seeded_template,
    task_worker,
    wait_for,
)


@dataclass
class Cluster:
    site: Site
    a: AppServer
    b: AppServer
    worker: Process
    facts: dict


def _flush_redis(url: str) -> None:
    """Empty this module's own Redis database: cached pages of an earlier run must not answer for this one."""
    host, port_db = url.removeprefix("redis://").split(":")
    port, db = port_db.split("/")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(f"SELECT {db}\r\nFLUSHDB\r\n".encode())
        assert connection.recv(64).count(b"+OK") >= 1


@pytest.fixture(scope="module")
def cluster(request):
    server = postgres_server()
    redis = redis_url()
    seeded = seeded_template(request.config, server, redis)
    site = copy_of(seeded, server, redis, "lms-two-instances")
    processes: list[Process] = []

    def tear_down():
        for process in processes:  # all at once: each takes a moment to stop gracefully
            if process.running:
                process.signal(signal.SIGTERM)
        for process in processes:
            process.stop()
        drop_database(server, site.database)
        shutil.rmtree(site.folder, ignore_errors=True)

    request.addfinalizer(tear_down)
    _flush_redis(redis)
    facts = site.shell("from tests.deployment.scenario import build; build()", TASKS_BACKEND="immediate")
    a, b = AppServer(site, "a", free_port()), AppServer(site, "b", free_port())
    processes += [a, b, task_worker(site)]
    for process in processes:
        process.start()
    a.wait_ready()
    b.wait_ready()
    return Cluster(site=site, a=a, b=b, worker=processes[2], facts=facts)


def test_a_session_started_on_one_instance_is_valid_on_the_other(cluster):
    facts = cluster.facts
    client = Client()
    assert client.get(cluster.b.port, "/uk/learning/", follow=False).status == 302  # not logged in yet

    client.log_in(cluster.a.port, facts["participant_email"], facts["participant_password"])
    page = client.get(cluster.b.port, "/uk/learning/", follow=False)

    assert page.status == 200
    assert facts["participant_name"] in page.text


def test_a_page_published_on_one_instance_is_new_on_the_other_at_once(cluster):
    path, old_title = cluster.facts["page_path"], cluster.facts["page_title"]
    visitor = Client()
    first = visitor.get(cluster.b.port, path)
    second = visitor.get(cluster.b.port, path)
    assert first.status == second.status == 200
    assert old_title in second.text
    assert second.header("X-Page-Cache") == "hit"  # the anonymous page cache: B serves the page from Redis

    coordinator = Client()
    coordinator.log_in(cluster.a.port, "coordinator@example.org", DEMO_PASSWORD)
    new_title = f"Оновлена сторінка {secrets.token_hex(3)}"
    published = coordinator.submit(
        cluster.a.port, f"/admin/pages/{cluster.facts['page_id']}/edit/", has_field="title",
        # body-count: the stream field's block count, which the admin's script writes into the form (the page's body
        # is empty); everything else is the form as the server rendered it.
        changes={"title": new_title, "body-count": "0"}, extra=[("action-publish", "action-publish")],
    )
    assert published.status == 302, published.text[:3000]

    third = visitor.get(cluster.b.port, path)
    assert third.status == 200
    assert new_title in third.text
    assert old_title not in third.text
    assert third.header("X-Page-Cache") == "miss"


def test_attendance_marked_on_one_instance_becomes_a_certificate_shown_on_the_other(cluster):
    facts = cluster.facts
    trainer = Client()
    trainer.log_in(cluster.a.port, "trainer@example.org", DEMO_PASSWORD)
    saved = trainer.submit(cluster.a.port, f"/uk/learning/trainer/days/{facts['certified_day_id']}/",
                           has_field=f"status_{facts['enrollment_id']}", extra=[("all_present", "1")])
    assert saved.status == 302, saved.text[:3000]

    # Issued by the worker process, not by the request: the web processes only queue the award.
    [(code,)] = wait_for(
        lambda: cluster.site.query("SELECT code FROM certificates_certificate WHERE enrollment_id = %s",
                                   (facts["enrollment_id"],)),
        timeout=60, what="the worker issuing the certificate",
    )
    participant = Client()
    participant.log_in(cluster.b.port, facts["participant_email"], facts["participant_password"])
    page = participant.get(cluster.b.port, "/uk/learning/", follow=False)
    assert page.status == 200
    formatted = "-".join(code[i:i + 5] for i in range(0, len(code), 5))
    assert code in page.text or formatted in page.text


# --- One instance restarted under load ---------------------------------------------------------------------------
REQUESTS = 400
THREADS = 4
SECONDS = 10


@dataclass
class Outcome:
    method: str
    status: int | None = None
    error: str = ""
    retried: bool = False
    email: str = ""


@dataclass
class Load:
    """A bounded load against both instances, sent as nginx would (deploy/nginx/hromada-lms.conf): round robin,
    skipping an instance taken out of the upstream list; a request that could not be delivered goes to the other
    instance (`proxy_next_upstream error timeout`), a POST only when the connection was refused, since a POST that
    reached an instance may have been acted on (nginx never repeats a non-idempotent request that was sent)."""

    ports: tuple[int, int]
    get_paths: list[str]
    post_path: str
    cookies: dict[str, str]
    csrf_token: str
    run: str = field(default_factory=lambda: secrets.token_hex(4))
    outcomes: list[Outcome] = field(default_factory=list)
    done: int = 0
    drained: set[int] = field(default_factory=set)  # out of the upstream list: gets no new request
    in_flight: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, number: int) -> Outcome:
        client = Client(frozen_cookies=self.cookies)
        if number % 2:
            method, path, form = "GET", self.get_paths[number % len(self.get_paths)], None
            outcome = Outcome("GET")
        else:
            outcome = Outcome("POST", email=f"load-{self.run}-{number}@example.org")
            method, path = "POST", self.post_path
            form = {"csrfmiddlewaretoken": self.csrf_token, "email": outcome.email, "full_name": f"Учасниця {number}"}
        with self.lock:  # chosen and counted in one step: a drain waits for every request sent to the instance
            order = [port for port in self.ports if port not in self.drained]
            if number // 2 % 2 and len(order) == 2:  # each instance gets reads and writes
                order.reverse()
            self.in_flight[order[0]] = self.in_flight.get(order[0], 0) + 1
        for attempt, port in enumerate(order):
            outcome.retried = attempt > 0
            if attempt:
                with self.lock:
                    self.in_flight[port] = self.in_flight.get(port, 0) + 1
            try:
                outcome.status = client.request(port, method, path, form, timeout=30).status
                return outcome
            except ConnectionRefusedError as exc:  # nothing was sent: any request may go to the other
                outcome.error = repr(exc)
            except (OSError, HTTPException) as exc:  # sent, no answer: only what may be repeated is
                outcome.error = repr(exc)
                if method != "GET":
                    return outcome
            finally:
                with self.lock:
                    self.in_flight[port] -= 1
        return outcome

    def worker(self, numbers: range, started: float) -> None:
        for index, number in enumerate(numbers):
            delay = started + index * SECONDS * THREADS / REQUESTS - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            outcome = self.send(number)
            with self.lock:
                self.outcomes.append(outcome)
                self.done += 1

    def start(self) -> list[threading.Thread]:
        started = time.monotonic()
        threads = [threading.Thread(target=self.worker, args=(range(i, REQUESTS, THREADS), started))
                   for i in range(THREADS)]
        for thread in threads:
            thread.start()
        return threads


def test_an_instance_restarted_under_load_loses_no_request_and_no_acknowledged_write(cluster):
    a, b, facts = cluster.a, cluster.b, cluster.facts
    trainer = Client()
    trainer.log_in(a.port, "trainer@example.org", DEMO_PASSWORD)
    roster = f"/uk/learning/trainer/days/{facts['load_day_id']}/"
    [form] = [f for f in parse_forms(trainer.get(a.port, roster).text) if {"csrfmiddlewaretoken", "email"} <= f.names()]
    load = Load(
        ports=(a.port, b.port),
        get_paths=["/uk/", facts["page_path"], "/uk/courses/", "/healthz"],
        post_path=form.action or f"{roster}walk-in/",
        cookies=dict(trainer.cookies),
        csrf_token=dict(form.fields)["csrfmiddlewaretoken"],
    )
    threads = load.start()

    wait_for(lambda: load.done >= REQUESTS // 5, timeout=60, interval=0.05, what="a fifth of the load")
    # B is stopped as the operator's guide says: out of the upstream list, its requests in hand finished, then TERM.
    # (A TERM under traffic drops what is queued on the port as the last worker exits: a POST's 502 at nginx.)
    load.drained.add(b.port)
    wait_for(lambda: not load.in_flight.get(b.port), timeout=30, interval=0.01, what="B's requests in hand")
    b.stop()
    # Back in the list while still down, as nginx keeps a server whose process died: connections are refused and
    # each request goes to A instead.
    load.drained.discard(b.port)
    stopped_at = load.done
    b.start()
    b.wait_ready()
    back_at = load.done
    # A reloads under full traffic, as for a new release: new workers start on the same listening socket, the old
    # ones finish their requests and go; nothing is refused or dropped.
    a.signal(signal.SIGHUP)
    for thread in threads:
        thread.join(180)
    logs = f"\n--- A:\n{a.tail()}\n--- B:\n{b.tail()}"

    outcomes = load.outcomes
    assert len(outcomes) == REQUESTS
    unanswered = [o for o in outcomes if o.status is None]
    assert not unanswered, f"{unanswered[:5]}{logs}"
    assert not [o for o in outcomes if o.status >= 500], logs
    assert back_at > stopped_at, "the load ended before B was back: the restart happened under no load"
    assert any(o.retried for o in outcomes), "no request met the stopped instance"
    acknowledged = {o.email for o in outcomes if o.method == "POST" and o.status == 302}
    assert len(acknowledged) == REQUESTS // 2, [o for o in outcomes if o.method == "POST" and o.status != 302][:5]
    stored = {email for (email,) in cluster.site.query(
        "SELECT email FROM auth_user WHERE email LIKE %s", (f"load-{load.run}-%",))}
    assert stored == acknowledged
