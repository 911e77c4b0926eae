#!/usr/bin/env bash
# Back up Hromada LMS into one dated folder: the database (pg_dump custom format), public media and private media
# (tar.gz each) and SHA256SUMS over them. Operator's guide: docs/deployment.md (backup and restore).
#
#   DATABASE_URL=postgres://lms@db:5432/lms MEDIA_ROOT=/var/lib/hromada-lms/media PRIVATE_MEDIA_ROOT=/var/lib/hromada-lms/private-media \
#   BACKUP_DIR=/var/backups/hromada deploy/backup.sh
#
# Environment:
#   DATABASE_URL         the database to dump (required; the same value the app uses)
#   BACKUP_DIR           where dated folders go (default /var/backups/hromada)
#   MEDIA_ROOT           public media folder (images, documents); left out when unset, or when MEDIA_STORAGE=s3
#   PRIVATE_MEDIA_ROOT   private media folder (applicants' files, exports); same rule
#   MEDIA_STORAGE        "s3" when media live in object storage: copy the buckets with `aws s3 sync` or rclone
#   BACKUP_KEEP_DAYS     when set, folders of earlier backups older than this many days are deleted afterwards
#
# Prints the new folder's path on its last line. A folder is complete once it has lost its ".partial" suffix: an
# interrupted run leaves only NAME.partial, which the next run's pruning never counts as a backup.
set -euo pipefail
umask 077  # dumps hold personal data: readable by the backup user only

: "${DATABASE_URL:?Set DATABASE_URL to the database to back up}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/hromada}
MEDIA_STORAGE=${MEDIA_STORAGE:-local}

for tool in pg_dump tar gzip sha256sum; do
    command -v "$tool" >/dev/null || { echo "backup: $tool is not installed" >&2; exit 2; }
done

stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
dest="$BACKUP_DIR/$stamp"
work="$dest.partial"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

# pg_dump refuses a server newer than itself ("server version mismatch"): install the client of the server's major
# version (postgresql-client-NN) on the backup host.
echo "backup: $(pg_dump --version) dumping the database" >&2
pg_dump --format=custom --compress=6 --file="$work/database.dump" --dbname="$DATABASE_URL"

archive() {  # archive NAME VARIABLE: the folder named by VARIABLE into NAME.tar.gz
    local name=$1 variable=$2
    local folder=${!variable:-}
    if [[ "$MEDIA_STORAGE" == "s3" ]]; then
        echo "backup: MEDIA_STORAGE=s3, $name is in object storage: copy the bucket (aws s3 sync / rclone sync)" >&2
    elif [[ -z "$folder" ]]; then
        echo "backup: $variable is not set, $name left out" >&2
    elif [[ ! -d "$folder" ]]; then
        echo "backup: $folder does not exist, $name left out" >&2
    else
        tar --create --gzip --file="$work/$name.tar.gz" --directory="$folder" .
    fi
}
archive media MEDIA_ROOT
archive private-media PRIVATE_MEDIA_ROOT

{
    echo "created: $stamp"
    echo "pg_dump: $(pg_dump --version)"
    echo "media_storage: $MEDIA_STORAGE"
} > "$work/BACKUP_INFO"
(cd "$work" && sha256sum -- * > SHA256SUMS)
mv "$work" "$dest"
trap - EXIT

if [[ -n "${BACKUP_KEEP_DAYS:-}" ]]; then
    # Only complete, dated folders of this script are pruned; the one just written never is.
    find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '[0-9][0-9][0-9][0-9]-*Z' \
        -mmin "+$((BACKUP_KEEP_DAYS * 24 * 60))" ! -path "$dest" -exec test -f '{}/SHA256SUMS' ';' -print \
        | while read -r old; do echo "backup: deleting $old (older than $BACKUP_KEEP_DAYS days)" >&2; rm -rf "$old"; done
fi

echo "$dest"
