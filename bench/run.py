"""`make bench`: our pages under load at two data sizes, beside a minimal Django view and wagtail-lms, in one run.

    .venv/bin/python -m bench.run [--only PAGE] [--sizes demo,large] [--seconds 10] [--rounds 3] [--fresh] [--no-peer]

Each size has its own PostgreSQL database (built once, reused while its sources are unchanged: bench/databases.py)
and its own gunicorn (deploy/gunicorn.conf.py, 2 sync workers, production settings, Redis db 13). wrk drives one
page at a time in interleaved rounds (page at demo size, at large size, then a reference server, then the next
page...), so a machine that slows down slows every column alike. Queries per request are counted apart, not under
load (bench/queries.py). The table goes to stdout and, as a new dated section, to the top of docs/performance.md.
"""

import argparse
import hashlib
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench import databases, forms, servers, table, wrk

ROOT = Path(__file__).resolve().parents[1]
PYTHON = Path(sys.executable)
PEER_PYTHON = ROOT / ".venv-bench-peer" / "bin" / "python"
DATA = ROOT / "bench" / ".data"  # media written by the seed, kept with the databases they belong to
DATABASES = {"demo": "hromada_bench_demo", "large": "hromada_bench_large"}
PEER_DATABASE = "hromada_bench_peer"
DEFAULT_BASE = "postgres://postgres@127.0.0.1:5432/"
# Each size its own Redis database: the same seed gives both sizes the same page ids and URLs, so in one database the
# large site could be answered from the demo's page and fragment caches.
REDIS_URLS = {"demo": "redis://127.0.0.1:6379/13", "large": "redis://127.0.0.1:6379/14"}
LOAD_SCALE = "S"  # docs/load-data.md: 2,000 participants, 100 sessions (about 3,000 places) on top of the demo
LOGIN_PATH = "/uk/accounts/login/"


@dataclass(frozen=True)
class Page:
    """A page of ours to measure: which target (bench/targets.py) as whom, and for a POST the form to send."""

    key: str
    label: str
    target: str
    user: str | None = None  # a key of targets["accounts"]; None: anonymous
    method: str = "GET"
    form_field: str = ""  # POST: the form on the target's page is the one with a field starting so
    check_first: bool = True  # ask once before the run (a quiz submit is not: the first one would close it)


PAGES = (
    Page("home", "home", "home"),
    Page("catalogue", "catalogue", "catalogue"),
    Page("course", "course page, anonymous", "course"),
    Page("course-in", "course page, participant", "course", "participant"),
    Page("module", "module page, anonymous", "module"),
    Page("module-in", "module page, participant", "module", "participant"),
    Page("my-learning", "My learning, participant", "my_learning", "participant"),
    Page("roster", "roster GET, trainer", "roster", "trainer"),
    Page("roster-post", "roster POST, trainer", "roster", "trainer", "POST", "status_"),
    Page("quiz-save", "quiz save (POST), participant", "quiz_save", "participant", "POST", "questions"),
    Page("quiz-submit", "quiz submit (POST), participant", "quiz_submit", "submitter", "POST", "questions",
         check_first=False),
    Page("verify", "certificate verification", "certificate"),
    Page("search", "search", "search"),
    Page("report", "donor report (admin), coordinator", "report", "coordinator"),
)


@dataclass
class Target:
    """One URL ready for wrk: everything a logged-in browser would send."""

    label: str
    size: str
    url: str
    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    body_file: Path | None = None
    user_email: str | None = None
    runs: list[wrk.Run] = field(default_factory=list)
    queries: list[int] | None = None  # first request, second request
    queries_env: dict[str, str] | None = None  # the settings and database to count them with


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], metavar="PAGE",
                        help="measure only these pages (repeat or comma-separate): " + ", ".join(p.key for p in PAGES))
    parser.add_argument("--sizes", default="demo,large", help="data sizes, comma-separated (default demo,large)")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--scale", default=LOAD_SCALE, help=f"generate_load_data scale of the large size "
                                                            f"(default {LOAD_SCALE})")
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench databases")
    parser.add_argument("--no-peer", action="store_true", help="leave wagtail-lms out")
    parser.add_argument("--no-pdfs", action="store_true", help="leave the 1,000 certificate PDFs out")
    parser.add_argument("--no-docs", action="store_true", help="print the table only, not into docs/performance.md")
    parser.add_argument("--keep", action="store_true", help="keep the servers' logs (kept anyway when the run fails)")
    args = parser.parse_args(argv)
    wanted = {key.strip() for value in args.only for key in value.split(",") if key.strip()}
    unknown = wanted - {page.key for page in PAGES}
    if unknown:
        parser.error(f"unknown page(s) {', '.join(sorted(unknown))}; choose from {', '.join(p.key for p in PAGES)}")
    args.pages = [page for page in PAGES if not wanted or page.key in wanted]
    args.sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    if not args.sizes or set(args.sizes) - set(DATABASES):
        parser.error(f"--sizes takes {', '.join(DATABASES)}")
    return args


# --- Our site ----------------------------------------------------------------------------------------------------

def site_env(*, base: str, size: str, port: int, static_root: Path, secret: str) -> dict[str, str]:
    """The production environment (.env.example) of one bench site."""
    media = DATA / size
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": secret,
        "DATABASE_URL": databases.database_url(base, DATABASES[size]),
        "REDIS_URL": REDIS_URLS[size],
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media / "media"),
        "PRIVATE_MEDIA_ROOT": str(media / "private-media"),
        # wrk.lua gives each request its own made-up address here, so the per-address limits of search and
        # certificate verification (30 a minute) measure the page, not the refusal.
        "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(servers.WORKERS),
        "PYTHONPATH": str(ROOT),
    }


def build_site(size: str, scale: str, env: dict[str, str]):
    def build(url: str) -> None:
        build_env = env | {"DATABASE_URL": url}
        databases.manage(PYTHON, "migrate", "--noinput", "-v", "0", env=build_env)
        databases.manage(PYTHON, "seed_demo", "--users", env=build_env)
        if size == "large":
            databases.manage(PYTHON, "generate_load_data", "--scale", scale, "--no-progress", env=build_env)
    return build


def python_json(python: Path, module: str, env: dict[str, str], stdin: str | None = None):
    result = subprocess.run([str(python), "-m", module], cwd=ROOT, env=env, input=stdin, text=True,  # noqa: S603
                            capture_output=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{module} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare(page: Page, *, size: str, found: dict, server: servers.Server, clients: dict[str, forms.Client],
            work: Path) -> Target:
    """The page's URL with the cookie of its user and, for a POST, the body of the form on its GET page."""
    accounts = found["accounts"]
    spec = found[page.target]
    path = spec["post"] if isinstance(spec, dict) else spec
    page_path = spec["page"] if isinstance(spec, dict) else spec
    headers, email = {}, None
    client = forms.Client(server.base_url)
    if page.user:
        email = accounts[page.user]
        if email not in clients:
            client.log_in(LOGIN_PATH, {"login": email, "password": accounts["password"]})
            clients[email] = client
        client = clients[email]
        headers["Cookie"] = client.cookie_header()
    target = Target(label=page.label, size=size, url=server.base_url + path, path=path, method=page.method,
                    headers=headers, user_email=email)
    if page.method == "POST":
        html = client.get(page_path).text
        target.body = forms.find_form(html, having=page.form_field).body()
        headers.update({"Cookie": client.cookie_header(), "Content-Type": "application/x-www-form-urlencoded",
                        "Origin": server.base_url, "Referer": server.base_url + page_path})
        target.body_file = work / f"{size}-{page.key}.body"
        target.body_file.write_text(target.body)
    if page.check_first:
        answer = client.request(page.method, path, target.body)
        if answer.status >= 400:
            say(f"warning: {page.label} ({size}) answered {answer.status} before the run")
    return target


def start_site(size: str, args, *, base: str, static_root: Path, secret: str, box: servers.Servers, work: Path,
               marker: dict) -> tuple[list[Target], dict]:
    port = servers.free_port()
    env = site_env(base=base, size=size, port=port, static_root=static_root, secret=secret)
    if size == "large":  # another scale is other data
        marker = marker | {"fingerprint": f"{marker['fingerprint']}-{args.scale}"}
    databases.ensure(base, DATABASES[size], marker=marker,
                     build=build_site(size, args.scale, env), fresh=args.fresh, say=say)
    if not any(static_root.iterdir()):
        say("collectstatic")
        databases.manage(PYTHON, "collectstatic", "--noinput", "-v", "0", env=env)
    found = python_json(PYTHON, "bench.targets", env)
    if found.get("certificate") is None:
        say(f"no certificate in {DATABASES[size]}: verification is left out")
    say(f"starting our site ({size}) on port {port}")
    server = box.start(f"hromada-{size}", [str(PYTHON), "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                                             "lms.wsgi"], env=env, cwd=ROOT, port=port, ready_path="/healthz")
    clients: dict[str, forms.Client] = {}
    targets = [prepare(page, size=size, found=found, server=server, clients=clients, work=work)
               for page in args.pages if found.get(page.target)]
    for target in targets:
        target.queries_env = env  # counted after the load, with the same settings and database
    return targets, found


# --- The references ----------------------------------------------------------------------------------------------

def reference_command(python: Path, app: str, port: int) -> list[str]:
    """gunicorn as deploy/gunicorn.conf.py runs ours (2 sync workers, no recycling, an access log)."""
    return [str(python), "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(servers.WORKERS),
            "--worker-class", "sync", "--max-requests", "0",
            "--access-logfile", "-", "--no-control-socket"]


def start_minimal(box: servers.Servers) -> Target:
    port = servers.free_port()
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.minimal.settings", "PYTHONPATH": str(ROOT)}
    server = box.start("minimal", reference_command(PYTHON, "bench.minimal.wsgi", port), env=env, cwd=ROOT,
                       port=port)
    target = Target(label="minimal Django view (ceiling)", size="reference", url=server.base_url + "/", path="/")
    target.queries = [0, 0]
    return target


def peer_version() -> str | None:
    if not PEER_PYTHON.exists():
        return None
    result = subprocess.run([str(PEER_PYTHON), "-c", "import importlib.metadata as m; "  # noqa: S603
                             "print(m.version('wagtail-lms'), m.version('wagtail'), m.version('django'))"],
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def start_peer(box: servers.Servers, *, base: str) -> tuple[list[Target], dict]:
    port = servers.free_port()
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.peer.settings", "PYTHONPATH": str(ROOT),
                        "DATABASE_URL": databases.database_url(base, PEER_DATABASE),
                        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}"}
    version = peer_version()
    peer_sources = "".join(path.read_text() for path in sorted((ROOT / "bench" / "peer").glob("*.py")))
    marker = {"fingerprint": hashlib.sha256(f"{version}{peer_sources}".encode()).hexdigest()[:16]}

    def build(url: str) -> None:
        subprocess.run([str(PEER_PYTHON), "-m", "django", "migrate", "--noinput", "-v", "0"], cwd=ROOT,  # noqa: S603
                       env=env | {"DATABASE_URL": url}, check=True)

    databases.ensure(base, PEER_DATABASE, marker=marker, build=build, fresh=False, say=say)
    found = python_json(PEER_PYTHON, "bench.peer.setup", env)
    say(f"starting wagtail-lms on port {port}")
    server = box.start("wagtail-lms", reference_command(PEER_PYTHON, "bench.peer.wsgi", port), env=env, cwd=ROOT,
                       port=port)
    client = forms.Client(server.base_url)
    client.log_in("/accounts/login/", {"username": found["username"], "password": found["password"]})
    cookie = {"Cookie": client.cookie_header()}
    targets = [
        Target(label="wagtail-lms course, anonymous", size="reference", url=server.base_url + found["course"],
               path=found["course"]),
        Target(label="wagtail-lms course, enrolled", size="reference", url=server.base_url + found["course"],
               path=found["course"], headers=cookie, user_email="learner@example.org"),
        Target(label="wagtail-lms lesson, enrolled", size="reference", url=server.base_url + found["lesson"],
               path=found["lesson"], headers=cookie, user_email="learner@example.org"),
    ]
    for target in targets:
        answer = client.get(target.path) if target.user_email else forms.Client(server.base_url).get(target.path)
        if answer.status >= 400:
            say(f"warning: {target.label} answered {answer.status} before the run")
        target.queries_env = env
    return targets, found


# --- Measuring ---------------------------------------------------------------------------------------------------

def schedule(ours: list[list[Target]], references: list[Target], rounds: int) -> list[Target]:
    """Round after round: each page at every size, then the next reference server in turn (each at least once a
    round), so the references are measured all through the run rather than at one end of it."""
    order = []
    turn = 0
    for _ in range(rounds):
        seen = set()
        for same_page in ours:
            order.extend(same_page)
            if references:
                reference = references[turn % len(references)]
                order.append(reference)
                seen.add(id(reference))
                turn += 1
        order.extend(reference for reference in references if id(reference) not in seen)
    return order


def warm_up(targets: list[Target]) -> None:
    """A second of load on every URL, not recorded: each worker imports, compiles templates and connects first."""
    say(f"warming up {len(targets)} URLs")
    for target in targets:
        wrk.run(target.url, seconds=1, method=target.method, body_file=target.body_file, headers=target.headers)


def drive(order: list[Target], seconds: int) -> None:
    for number, target in enumerate(order, 1):
        run = wrk.run(target.url, seconds=seconds, method=target.method, body_file=target.body_file,
                      headers=target.headers)
        target.runs.append(run)
        failed = f", {run.status_errors + run.socket_errors} failed" if run.status_errors + run.socket_errors else ""
        say(f"{number}/{len(order)} {target.label} [{target.size}]: {run.requests / run.seconds:,.0f} req/s, "
            f"p95 {run.p95:.1f} ms{failed}")


def count_queries(targets: list[Target], python: Path) -> None:
    by_env: dict[int, list[Target]] = {}
    for target in targets:
        if target.queries is None:
            by_env.setdefault(id(target.queries_env), []).append(target)
    for group in by_env.values():
        env = group[0].queries_env | {"ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"}
        pages = [{"name": str(index), "method": t.method, "path": t.path, "user": t.user_email, "body": t.body}
                 for index, t in enumerate(group)]
        runner = PEER_PYTHON if group[0].size == "reference" else python
        counts = python_json(runner, "bench.queries", env, stdin=json.dumps(pages))
        for index, target in enumerate(group):
            target.queries = counts[str(index)]


# --- Recording ---------------------------------------------------------------------------------------------------

def _output(*command: str) -> str:
    """What the command printed (stdout, or stderr when it printed nothing there); "" when it cannot run."""
    try:
        result = subprocess.run(list(command), capture_output=True, text=True, check=False, cwd=ROOT)  # noqa: S603
    except OSError:
        return ""
    return (result.stdout or result.stderr).strip()


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    kib = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores ({cpu}), {kib / 1024 / 1024:.0f} GiB RAM, {platform.machine()}"


def versions(base: str) -> str:
    import django
    import gunicorn
    import psycopg
    import redis
    import wagtail

    with psycopg.connect(databases.database_url(base, "postgres")) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    redis_version = redis.Redis.from_url(REDIS_URLS["demo"]).info("server").get("redis_version", "?")
    wrk_version = (_output("wrk", "-v").splitlines() or ["wrk ?"])[0].split(" [")[0]
    return (f"Python {platform.python_version()}, Django {django.get_version()}, Wagtail {wagtail.__version__}, "
            f"gunicorn {gunicorn.__version__}, PostgreSQL {postgres}, Redis {redis_version}, {wrk_version}")


def rows(ours: list[list[Target]], references: list[Target]) -> list[table.Row]:
    def row(target: Target) -> table.Row:
        first, warm = target.queries or (None, None)
        return table.Row(page=target.label, size=target.size,
                         summary=wrk.summarise(target.runs) if target.runs else None, queries=warm,
                         first_queries=first)
    return [row(target) for same_page in ours for target in same_page] + [row(target) for target in references]


def draw_certificates(ours: list[list[Target]], python: Path) -> dict | None:
    """1,000 certificate PDFs in two processes on the largest data (bench/pdfs.py), after the load is over."""
    targets = [target for targets in ours for target in targets if target.queries_env]
    if not targets:
        return None
    say("drawing 1,000 certificate PDFs in 2 processes")
    return python_json(python, "bench.pdfs", targets[-1].queries_env)


def pdf_line(pdfs: dict | None) -> str:
    if not pdfs:
        return ""
    return (f"**{pdfs['count']:,} certificate PDFs** in {pdfs['processes']} processes: {pdfs['seconds']} s "
            f"({pdfs['ms_per_pdf']} ms a PDF; budget: under 60 s).")


def write_up(args, *, base: str, found: dict[str, dict], peer: str | None, markdown: str) -> str:
    short = args.seconds < 10 or args.rounds < 3
    commit = _output("git", "rev-parse", "--short", "HEAD")
    changed = _output("git", "status", "--porcelain", "--untracked-files=no")
    dirty = " (with uncommitted changes in the tree)" if changed else ""
    today = datetime.now(UTC)
    sizes = "; ".join(f"**{size}**: {data['counts']}" for size, data in found.items())
    facts = [
        f"Machine: {machine()}; PostgreSQL and Redis on the same machine.",
        f"Date: {today:%Y-%m-%d %H:%M} UTC; commit `{commit}`{dirty}.",
        f"Versions: {versions(base)}" + (f"; wagtail-lms {peer.split()[0]} (Wagtail {peer.split()[1]}, "
                                         f"Django {peer.split()[2]}) in .venv-bench-peer" if peer else "") + ".",
        f"Data: {sizes}.",
        f"Load: wrk, {wrk.THREADS} threads, {wrk.CONNECTIONS} connections, {args.seconds} s a run, {args.rounds} "
        f"interleaved round{'s' if args.rounds != 1 else ''}; gunicorn with {servers.WORKERS} sync workers on "
        "loopback, production settings (`lms.settings.production`, Redis cache and sessions, DEBUG off).",
    ]
    notes = [
        "*req/s*: all runs of the page together; *p50/p95/p99*: the median over the runs, in milliseconds. "
        "*queries*: SQL queries of one request through Django's test client, not under load, with the same "
        "settings and database, after a first request (*first*: that first one, with the caches cold). *failed*: "
        "responses other than 2xx/3xx and socket errors. Each request carries its own made-up client address, so "
        "the per-address rate limits of search and verification (30 a minute) are not what is measured. The quiz "
        "submit closes its attempt with the first request: the rest measure the answer to a closed attempt.",
        "",
        "Measure again: `make bench` (`make bench BENCH_ARGS=\"--only course,module-in --seconds 5\"`; "
        "`.venv/bin/python -m bench.run --help`).",
    ]
    title = f"`make bench`, {today:%Y-%m-%d}" + (f" (a short run: {args.seconds} s × {args.rounds} round"
                                                 f"{'s' if args.rounds != 1 else ''})" if short else "")
    return table.section(title=title, facts=facts, table=markdown, notes=notes)


# --- Main --------------------------------------------------------------------------------------------------------

def _stop_on_signal(signum, frame):
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs it (Debian package wrk).")
    base = os.environ.get("BENCH_DATABASE_URL", DEFAULT_BASE)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGHUP, _stop_on_signal)
    work = Path(tempfile.mkdtemp(prefix="hromada-bench-"))
    static_root = work / "static"
    static_root.mkdir()
    box = servers.Servers(work)
    ok = False
    try:
        import redis

        for url in REDIS_URLS.values():
            redis.Redis.from_url(url).flushdb()
        secret = secrets.token_urlsafe(50)
        marker = {"fingerprint": databases.fingerprint(), "commit": _output("git", "rev-parse", "--short", "HEAD")}
        ours, found = [], {}
        for size in args.sizes:
            targets, found[size] = start_site(size, args, base=base, static_root=static_root, secret=secret,
                                              box=box, work=work, marker=marker)
            ours.append(targets)
        by_label: dict[str, list[Target]] = {}
        for target in (target for targets in ours for target in targets):
            by_label.setdefault(target.label, []).append(target)
        by_page = [by_label[page.label] for page in args.pages if page.label in by_label]
        references = [start_minimal(box)]
        peer = None
        if args.no_peer:
            say("wagtail-lms left out (--no-peer)")
        elif not PEER_PYTHON.exists() or peer_version() is None:
            say("wagtail-lms is not installed in .venv-bench-peer: the table goes without it")
        else:
            peer = peer_version()
            references += start_peer(box, base=base)[0]
        say(f"{len(by_page)} pages × {len(args.sizes)} sizes + {len(references)} references, "
            f"{args.rounds} round(s) of {args.seconds} s")
        warm_up([target for same_page in by_page for target in same_page] + references)
        drive(schedule(by_page, references, args.rounds), args.seconds)
        box.stop_all()
        count_queries([target for same_page in by_page for target in same_page] + references, PYTHON)
        pdfs = None if args.no_pdfs else draw_certificates(ours, PYTHON)
        markdown = table.markdown(rows(by_page, references))
        if pdfs:
            markdown += "\n\n" + pdf_line(pdfs)
        print(markdown)
        if not args.no_docs:
            table.write_section(write_up(args, base=base, found=found, peer=peer, markdown=markdown))
            say(f"written to {table.DOCS.relative_to(ROOT)}")
        ok = True
        return 0
    except servers.ServerFailed as failed:
        say(f"a server did not start: {failed}")
        return 1
    finally:
        box.stop_all()
        if ok and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            say(f"logs kept in {work}")


if __name__ == "__main__":
    sys.exit(main())
