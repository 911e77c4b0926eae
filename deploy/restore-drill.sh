#!/usr/bin/env bash
# Restore drill: proves that a backup made by deploy/backup.sh comes back as a working site with deploy/restore.sh.
#
# 1. builds a source database with real content (migrate + seed_demo, or a copy of DRILL_TEMPLATE_DB), and adds an
#    uploaded document (public media) and a private file;
# 2. backs it up with backup.sh and restores it into a NEW database and new media folders with restore.sh;
# 3. starts the site (gunicorn, production settings) on a loopback port against the RESTORED database and checks that
#    it serves a course page with its title, the uploaded document byte for byte, the private file, and the same
#    participant and enrollment counts (manage.py shell on the restored database);
# 4. drops both databases and removes its folders, whatever happened.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres deploy/restore-drill.sh
#
# Environment:
#   DATABASE_URL        a database on the PostgreSQL server to use (required); the drill creates and drops its own
#   REDIS_URL           the cache production settings need (default redis://127.0.0.1:6379/15)
#   PYTHON              the project's Python (default .venv/bin/python, else python3)
#   DRILL_TEMPLATE_DB   optional: copy this already migrated and seeded database instead of building one
#   DRILL_TEMPLATE_MEDIA  optional: its media folder, copied with it
#   STATIC_ROOT         optional: static files already collected (else collected into the drill's folder)
#   DRILL_KEEP=1        keep the work folder (backups, logs) for a look afterwards
# Ends with "DRILL PASSED" and exit 0, or names the failed check and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy=$PWD/deploy

: "${DATABASE_URL:?Set DATABASE_URL to a database on the PostgreSQL server the drill may create databases on}"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/15}
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then PYTHON=$PWD/.venv/bin/python; else PYTHON=python3; fi
fi
if [[ -x "$(dirname "$PYTHON")/gunicorn" ]]; then GUNICORN=$(dirname "$PYTHON")/gunicorn; else GUNICORN=gunicorn; fi

step() { echo "== drill: $*"; }
fail() { echo "DRILL FAILED: $*" >&2; exit 1; }

# --- Tools and versions: pg_dump must be at least the server's major version ------------------------------------
for tool in pg_dump pg_restore createdb dropdb psql tar sha256sum curl; do
    command -v "$tool" >/dev/null || fail "$tool is not installed"
done
server_version=$(psql "$DATABASE_URL" -XAtc "SHOW server_version_num")
client_version=$(pg_dump --version | grep -oE '[0-9]+(\.[0-9]+)?' | head -n 1)
step "PostgreSQL server $server_version, $(pg_dump --version)"
if (( ${client_version%%.*} < server_version / 10000 )); then
    fail "pg_dump ${client_version} is older than the server ($server_version): install postgresql-client-$((server_version / 10000))"
fi

server_url=$DATABASE_URL  # DATABASE_URL names the source, then the restored database, below
run_id="$(date -u +%Y%m%d%H%M%S)_$$"
source_db="lms_drill_source_$run_id"
restored_db="lms_drill_restored_$run_id"
work=$(mktemp -d "${TMPDIR:-/tmp}/lms-restore-drill.XXXXXX")
base=${DATABASE_URL%%\?*}
options=${DATABASE_URL#"$base"}
url_of() { echo "${base%/*}/$1$options"; }
gunicorn_pid=""

cleanup() {
    local status=$?
    if [[ -n "$gunicorn_pid" ]] && kill -0 "$gunicorn_pid" 2>/dev/null; then
        kill -TERM "$gunicorn_pid" 2>/dev/null || true
        wait "$gunicorn_pid" 2>/dev/null || true
    fi
    for db in "$source_db" "$restored_db"; do
        psql "$server_url" -XAq -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
    if [[ $status -ne 0 && -f "$work/gunicorn.log" ]]; then
        echo "--- gunicorn log (last 40 lines)" >&2
        tail -n 40 "$work/gunicorn.log" >&2 || true
    fi
    if [[ "${DRILL_KEEP:-}" == "1" ]]; then echo "drill: work folder kept: $work" >&2; else rm -rf "$work"; fi
    step "databases $source_db and $restored_db dropped"
}
trap cleanup EXIT

# The app's production settings, as a site runs them; only the database and folders change between the phases.
export DJANGO_SETTINGS_MODULE=lms.settings.production
export SECRET_KEY=${SECRET_KEY:-restore-drill-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=false
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export LOG_FORMAT=text LOG_LEVEL=WARNING
unset MEDIA_STORAGE
manage() { "$PYTHON" manage.py "$@"; }

# --- 1. The source site --------------------------------------------------------------------------------------------
export DATABASE_URL MEDIA_ROOT PRIVATE_MEDIA_ROOT
DATABASE_URL=$(url_of "$source_db")
MEDIA_ROOT=$work/source/media
PRIVATE_MEDIA_ROOT=$work/source/private-media
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
export WAGTAILADMIN_BASE_URL=http://127.0.0.1:8000
if [[ -n "${DRILL_TEMPLATE_DB:-}" ]]; then
    step "source database $source_db copied from $DRILL_TEMPLATE_DB"
    createdb --maintenance-db="$server_url" --template="$DRILL_TEMPLATE_DB" "$source_db"
    if [[ -n "${DRILL_TEMPLATE_MEDIA:-}" && -d "$DRILL_TEMPLATE_MEDIA" ]]; then cp -a "$DRILL_TEMPLATE_MEDIA/." "$MEDIA_ROOT/"; fi
else
    step "source database $source_db: migrate and seed_demo"
    createdb --maintenance-db="$server_url" "$source_db"
    # The demo's awards run at once here (no worker in this phase).
    TASKS_BACKEND=immediate manage migrate --no-input -v 0
    TASKS_BACKEND=immediate manage seed_demo --users >/dev/null  # people too: the counts below must not be 0
fi

step "adding an uploaded document and a private file"
expected=$(TASKS_BACKEND=immediate manage shell -c '
import hashlib, json, secrets
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from wagtail.documents.models import Document
from content.roles import PARTICIPANT
from courses.models import CoursePage
from enrollments.models import Enrollment

body = ("Restore drill " + secrets.token_hex(16) + "\n").encode()
document = Document.objects.create(title="Restore drill", file=ContentFile(body, name="restore-drill.txt"))
private_name = storages["private"].save("restore-drill/marker.txt", ContentFile(body))
course = CoursePage.objects.live().filter(locale__language_code="uk").order_by("path").first()
print(json.dumps({
    "course_url": course.get_url_parts()[2], "course_title": course.title,
    "document_url": document.url, "document_sha256": hashlib.sha256(body).hexdigest(),
    "private_name": private_name,
    "participants": get_user_model().objects.filter(groups__name=PARTICIPANT).count(),
    "enrollments": Enrollment.objects.count(),
}))
' | tail -n 1)
field() { "$PYTHON" -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$expected" "$1"; }
echo "drill: source has: $expected"

# --- 2. Back up, restore into a new database ---------------------------------------------------------------------
step "backup.sh"
backup=$(BACKUP_DIR=$work/backups "$deploy/backup.sh" | tail -n 1)
ls -l "$backup"
step "restore.sh into $restored_db"
restored_url=$(DATABASE_URL=$server_url MEDIA_ROOT=$work/restored/media \
               PRIVATE_MEDIA_ROOT=$work/restored/private-media "$deploy/restore.sh" "$backup" "$restored_db" | tail -n 1)
DATABASE_URL=$restored_url
MEDIA_ROOT=$work/restored/media
PRIVATE_MEDIA_ROOT=$work/restored/private-media
# From here on nothing may read the source: drop it, so a check that passes can only have read the restored copy.
psql "$server_url" -XAq -c "DROP DATABASE \"$source_db\" WITH (FORCE)"
rm -rf "$work/source"

# --- 3. The restored site ----------------------------------------------------------------------------------------
port=$("$PYTHON" -c '
import random, socket
for port in random.sample(range(20000, 32000), 200):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
')
export WAGTAILADMIN_BASE_URL=http://127.0.0.1:$port
export TASKS_BACKEND=database
if [[ -z "${STATIC_ROOT:-}" || ! -f "${STATIC_ROOT}/staticfiles.json" ]]; then
    export STATIC_ROOT=$work/static
    step "collectstatic into $STATIC_ROOT"
    manage collectstatic --no-input -v 0
fi
config=()
[[ -f deploy/gunicorn.conf.py ]] && config=(--config deploy/gunicorn.conf.py)
step "gunicorn on 127.0.0.1:$port against $restored_db"
GUNICORN_BIND=127.0.0.1:$port WEB_CONCURRENCY=2 "$GUNICORN" "${config[@]}" --bind "127.0.0.1:$port" --workers 2 \
    --no-control-socket lms.wsgi:application > "$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!

site=http://127.0.0.1:$port
ready=""
for _ in $(seq 1 240); do
    kill -0 "$gunicorn_pid" 2>/dev/null || fail "gunicorn exited"
    code=$(curl -s -o /dev/null -w '%{http_code}' "$site/healthz" || true)
    if [[ "$code" == "200" ]]; then ready="/healthz"; break; fi
    if [[ "$code" == "404" ]]; then  # no health endpoint in this version: the home page must answer
        code=$(curl -s -o /dev/null -w '%{http_code}' "$site/uk/" || true)
        if [[ "$code" == "200" ]]; then ready="/uk/"; break; fi
    fi
    sleep 0.5
done
[[ -n "$ready" ]] || fail "the restored site did not answer on $site within 120 s"
step "the restored site answers ($ready)"

course_url=$(field course_url)
course_title=$(field course_title)
page=$(curl -sf "$site$course_url") || fail "GET $course_url did not answer 200"
TITLE="$course_title" "$PYTHON" -c 'import html, os, sys; sys.exit(os.environ["TITLE"] not in html.unescape(sys.stdin.read()))' <<<"$page" \
    || fail "the course page $course_url does not show its title"
echo "CHECK course page: $course_url shows \"$course_title\""

document_url=$(field document_url)
served=$(curl -sf "$site$document_url" | sha256sum | cut -d' ' -f1) || fail "GET $document_url did not answer 200"
[[ "$served" == "$(field document_sha256)" ]] || fail "the document served at $document_url differs from the upload"
echo "CHECK media file: $document_url served, sha256 $served"

private=$(sha256sum "$PRIVATE_MEDIA_ROOT/$(field private_name)" | cut -d' ' -f1) || fail "the private file is missing"
[[ "$private" == "$(field document_sha256)" ]] || fail "the private file differs from the original"
echo "CHECK private file: $(field private_name) restored, sha256 $private"

counts=$(manage shell -c '
from django.contrib.auth import get_user_model
from content.roles import PARTICIPANT
from enrollments.models import Enrollment
print(get_user_model().objects.filter(groups__name=PARTICIPANT).count(), Enrollment.objects.count())
' | tail -n 1)
[[ "$counts" == "$(field participants) $(field enrollments)" ]] \
    || fail "the restored database has participants and enrollments $counts, the source had $(field participants) $(field enrollments)"
echo "CHECK participants: $(field participants) participants and $(field enrollments) enrollments, as in the source"

echo "DRILL PASSED"
