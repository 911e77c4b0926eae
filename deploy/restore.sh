#!/usr/bin/env bash
# Restore a folder written by deploy/backup.sh into a NEW database and empty media folders. It never writes over
# the live database or live files: point the app at what it restored once you have looked at it.
#
#   DATABASE_URL=postgres://postgres@db:5432/postgres MEDIA_ROOT=/var/lib/hromada-lms/media-restored \
#   PRIVATE_MEDIA_ROOT=/var/lib/hromada-lms/private-media-restored deploy/restore.sh /var/backups/hromada/2026-12-06T020000Z lms_restored
#
# Arguments: the backup folder, and the name of the database to create (it must not exist yet).
# Environment:
#   DATABASE_URL         any database on the target server, to connect to; its user must be allowed to create
#                        databases. The restored tables belong to this user (pg_restore --no-owner --no-privileges).
#   MEDIA_ROOT           where public media are unpacked (must be absent or empty); skipped when the backup has none
#   PRIVATE_MEDIA_ROOT   the same for private media
#   RESTORE_JOBS         parallel pg_restore jobs (default 2)
#
# Prints the restored database's URL on its last line.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 BACKUP_FOLDER NEW_DATABASE_NAME" >&2
    exit 2
fi
folder=$1
name=$2
: "${DATABASE_URL:?Set DATABASE_URL to a database on the server to restore to}"
[[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || { echo "restore: $name is not a plain database name" >&2; exit 2; }
[[ -f "$folder/SHA256SUMS" ]] || { echo "restore: $folder has no SHA256SUMS: not a complete backup" >&2; exit 2; }

echo "restore: checking $folder against SHA256SUMS" >&2
(cd "$folder" && sha256sum --check --quiet SHA256SUMS)

# The media folders first: refusing a non-empty one must happen before a database is created.
unpack_check() {  # unpack_check NAME VARIABLE
    local name=$1 variable=$2
    local target=${!variable:-}
    [[ -f "$folder/$name.tar.gz" ]] || return 0
    [[ -n "$target" ]] || { echo "restore: the backup has $name: set $variable" >&2; exit 2; }
    if [[ -d "$target" && -n "$(ls -A "$target")" ]]; then
        echo "restore: $target is not empty; restore into an empty folder" >&2
        exit 2
    fi
}
unpack_check media MEDIA_ROOT
unpack_check private-media PRIVATE_MEDIA_ROOT

for tool in createdb pg_restore tar sha256sum; do
    command -v "$tool" >/dev/null || { echo "restore: $tool is not installed" >&2; exit 2; }
done

# postgres://user@host:5432/anything?options -> the same with the new database's name.
base=${DATABASE_URL%%\?*}
options=${DATABASE_URL#"$base"}
target_url="${base%/*}/$name$options"

echo "restore: $(pg_restore --version) into the new database $name" >&2
createdb --maintenance-db="$DATABASE_URL" "$name"
pg_restore --no-owner --no-privileges --exit-on-error --jobs="${RESTORE_JOBS:-2}" \
    --dbname="$target_url" "$folder/database.dump"

unpack() {  # unpack NAME VARIABLE
    local name=$1 variable=$2
    local target=${!variable:-}
    [[ -f "$folder/$name.tar.gz" ]] || { echo "restore: the backup has no $name" >&2; return 0; }
    mkdir -p "$target"
    tar --extract --gzip --file="$folder/$name.tar.gz" --directory="$target"
    echo "restore: $name unpacked into $target" >&2
}
unpack media MEDIA_ROOT
unpack private-media PRIVATE_MEDIA_ROOT

echo "$target_url"
