"""The bench databases: made once per state of the schema and of the data generators, reused after that.

A database's comment (COMMENT ON DATABASE) records what built it: the fingerprint of every migration and of the
demo and load-data code, and the commit. A bench database whose fingerprint matches is reused as it is; otherwise
(or with --fresh) it is dropped and built again: migrate, seed_demo, and for the large size generate_load_data.
"""

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
# What the data depends on: the schema and the code that writes the demo and the load data.
SOURCES = ["*/migrations/*.py", "lms/*/migrations/*.py", "lms/demo/**/*.py", "lms/loaddata/**/*.py",
           "lms/demo/curriculum/**/*", "bench/targets.py"]


def fingerprint(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    files = sorted({path for pattern in SOURCES for path in root.glob(pattern) if path.is_file()
                    and "__pycache__" not in path.parts})
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def database_url(base: str, name: str) -> str:
    """`base` (postgres://user@host:port/) pointed at the database `name`."""
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _admin_connection(base: str) -> psycopg.Connection:
    return psycopg.connect(database_url(base, "postgres"), autocommit=True)


def recorded(base: str, name: str) -> dict | None:
    """What the database's comment says built it; None when there is no such database (or no comment)."""
    with _admin_connection(base) as connection:
        row = connection.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                                 [name]).fetchone()
    if row is None or not row[0]:
        return None
    try:
        return json.loads(row[0])
    except ValueError:
        return None


def recreate(base: str, name: str) -> None:
    with _admin_connection(base) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def record(base: str, name: str, marker: dict) -> None:
    with _admin_connection(base) as connection:
        connection.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name),
                                                                         sql.Literal(json.dumps(marker))))


def ensure(base: str, name: str, *, marker: dict, build: Callable[[str], None], fresh: bool,
           say: Callable[[str], None] = print) -> bool:
    """The database `name`, built by `build(url)` unless one built from the same sources is there; True if built."""
    found = recorded(base, name)
    if not fresh and found is not None and found.get("fingerprint") == marker["fingerprint"]:
        say(f"reusing {name} (built at commit {found.get('commit', '?')})")
        return False
    say(f"building {name}" + (" (--fresh)" if fresh else "" if found is None else " (its sources changed)"))
    recreate(base, name)
    build(database_url(base, name))
    record(base, name, marker)
    return True


def manage(python: Path, *args: str, env: dict[str, str]) -> None:
    """`manage.py` with `args`; what it prints goes to stderr, so that stdout holds only the bench's table."""
    subprocess.run([str(python), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=sys.stderr)  # noqa: S603
