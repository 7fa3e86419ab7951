#!/bin/sh
# Makes the credentials docker-compose.yml hands over as Docker secrets, in deploy/secrets/
# (kept out of version control): the password of Orthanc's user "medmoe", once as the plain file
# that MedMoE reads (MEDMOE_<KEY>_FILE) and once as Orthanc's user table. Leaves existing files alone.
set -eu
dir="$(cd "$(dirname "$0")" && pwd)/secrets"
mkdir -p "$dir"
chmod 700 "$dir"
if [ -f "$dir/dicomweb-password" ] && [ -f "$dir/orthanc-users.json" ]; then
    echo "make-secrets: $dir already holds the secrets; delete them to make new ones" >&2
    exit 0
fi
umask 077
password="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$password" > "$dir/dicomweb-password"
printf '{"medmoe": "%s"}\n' "$password" > "$dir/orthanc-users.json"
echo "make-secrets: wrote $dir/dicomweb-password and $dir/orthanc-users.json" >&2
