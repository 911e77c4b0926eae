"""Backups come back (issue 16, item 7): deploy/restore-drill.sh backs up a seeded site with deploy/backup.sh,
restores it into a new database with deploy/restore.sh and serves it with production settings; backup.sh writes a
folder that checks and prunes only its own old ones; restore.sh refuses a damaged backup and a media folder that is
not empty."""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from tests.deployment.cluster import (
    ROOT,
    copy_of,
    drop_database,
    missing,
    postgres_server,
    redis_url,
    seeded_template,
    sql,
    static_root,
)

DRILL = ROOT / "deploy" / "restore-drill.sh"
RESTORE = ROOT / "deploy" / "restore.sh"


def _run(command: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(command, cwd=ROOT, env={**base, **env}, capture_output=True, text=True,  # noqa: S603
                          timeout=timeout)


def test_the_restore_drill_serves_the_restored_site(request, tmp_path):
    server = postgres_server()
    redis = redis_url()
    if not shutil.which("curl"):
        missing("the restore drill asks the restored site with curl")
    # The drill copies a copy of its own: nobody else may be connected to a template while it is copied.
    source = copy_of(seeded_template(request.config, server, redis), server, redis, "lms-drill-template")
    try:
        drill = _run(["bash", str(DRILL)], {
            "DATABASE_URL": server, "REDIS_URL": redis, "PYTHON": sys.executable, "TMPDIR": str(tmp_path),
            "DRILL_TEMPLATE_DB": source.database, "DRILL_TEMPLATE_MEDIA": str(source.folder / "media"),
            "STATIC_ROOT": str(static_root()),
        })
    finally:
        drop_database(server, source.database)
        shutil.rmtree(source.folder, ignore_errors=True)
    output = drill.stdout + drill.stderr

    assert drill.returncode == 0, output
    assert "DRILL PASSED" in drill.stdout
    assert re.search(r"CHECK course page: /uk/courses/\S+/ shows \"\S.*\"", drill.stdout), output
    assert re.search(r"CHECK media file: /documents/\d+/restore-drill\S*\.txt served, sha256 [0-9a-f]{64}",
                     drill.stdout), output
    assert "CHECK private file: restore-drill/marker" in drill.stdout
    participants, enrollments = map(int, re.search(r"CHECK participants: (\d+) participants and (\d+) enrollments",
                                                   drill.stdout).groups())
    assert participants > 0 and enrollments > 0  # the demo's people came back, not an empty schema
    # Both databases are gone, and the drill's folder with the backup in it.
    names = re.search(r"databases (\S+) and (\S+) dropped", drill.stdout).groups()
    assert not sql(server, "SELECT datname FROM pg_database WHERE datname = ANY(%s)", (list(names),))
    assert not list(tmp_path.iterdir())


def _backup(folder: Path) -> Path:
    """A backup folder as backup.sh writes it (the dump is not a real one: restore.sh must stop before reading it)."""
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"PGDMP not really")
    with tarfile.open(folder / "media.tar.gz", "w:gz") as media:
        media.add(ROOT / "deploy" / "backup.sh", arcname="./backup.sh")
    sums = [f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n"
            for name in ("database.dump", "media.tar.gz")]
    (folder / "SHA256SUMS").write_text("".join(sums))
    return folder


def test_restore_refuses_a_backup_that_does_not_match_its_checksums(tmp_path):
    backup = _backup(tmp_path / "2026-12-06T020000Z")
    (backup / "database.dump").write_bytes(b"PGDMP changed after the backup")

    restore = _run(["bash", str(RESTORE), str(backup), "lms_never_created"], {
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/postgres", "MEDIA_ROOT": str(tmp_path / "media"),
    })

    assert restore.returncode != 0
    assert "database.dump: FAILED" in restore.stdout + restore.stderr
    assert not (tmp_path / "media").exists()


def test_restore_never_unpacks_into_a_media_folder_in_use(tmp_path):
    backup = _backup(tmp_path / "2026-12-06T020000Z")
    media = tmp_path / "media"
    media.mkdir()
    (media / "live.jpg").write_bytes(b"a live file")

    restore = _run(["bash", str(RESTORE), str(backup), "lms_never_created"], {
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/postgres", "MEDIA_ROOT": str(media),
    })

    assert restore.returncode == 2
    assert f"{media} is not empty" in restore.stderr
    assert [p.name for p in media.iterdir()] == ["live.jpg"]


def test_backup_writes_a_checked_folder_and_prunes_only_its_own_old_ones(tmp_path):
    server = postgres_server()
    backups, media = tmp_path / "backups", tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "logo.png").write_bytes(b"not really a picture")
    month_ago, days_ago = time.time() - 30 * 86400, time.time() - 5 * 86400
    for name, when, complete in [("2026-11-01T013000Z", month_ago, True), ("2026-12-01T013000Z", days_ago, True),
                                 ("2026-11-02T013000Z.partial", month_ago, False), ("keep-me", month_ago, True)]:
        (backups / name).mkdir(parents=True)
        if complete:
            (backups / name / "SHA256SUMS").write_text("")
        os.utime(backups / name, (when, when))

    backup = _run(["bash", str(ROOT / "deploy" / "backup.sh")], {
        "DATABASE_URL": server, "BACKUP_DIR": str(backups), "MEDIA_ROOT": str(media), "BACKUP_KEEP_DAYS": "14",
    })

    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d{6}Z", folder.name)
    assert sorted(p.name for p in folder.iterdir()) == ["BACKUP_INFO", "SHA256SUMS", "database.dump", "media.tar.gz"]
    assert "PRIVATE_MEDIA_ROOT is not set, private-media left out" in backup.stderr
    assert subprocess.run(["sha256sum", "--check", "SHA256SUMS"], cwd=folder).returncode == 0  # noqa: S603, S607
    assert (folder / "database.dump").read_bytes().startswith(b"PGDMP")
    with tarfile.open(folder / "media.tar.gz") as archive:
        assert "./images/logo.png" in archive.getnames()
    assert (folder / "database.dump").stat().st_mode & 0o077 == 0  # personal data: the backup user's alone
    assert sorted(p.name for p in backups.iterdir()) == sorted(
        ["2026-12-01T013000Z", "2026-11-02T013000Z.partial", "keep-me", folder.name])
