#!/bin/sh
# Chromium with its profile on a small disk of its own, for tests/support/small-disk.ts:
# in a new mount namespace (unshare: root, or a user namespace where those are allowed), a
# tmpfs of $SMALL_DISK_SIZE is mounted over the --user-data-dir puppeteer chose, then the real
# browser ($SMALL_DISK_CHROMIUM) runs with every argument as given. The mount is Chromium's
# alone and goes away with it; the test reaches it through /proc/<pid>/root.
set -eu
dir=""
for arg in "$@"; do
  case "$arg" in --user-data-dir=*) dir="${arg#--user-data-dir=}" ;; esac
done
[ -n "$dir" ] || { echo "small-disk-chromium: no --user-data-dir" >&2; exit 2; }
exec unshare --user --map-root-user --mount sh -c '
  set -eu
  dir="$1"
  shift
  mount -t tmpfs -o "size=$SMALL_DISK_SIZE" small-disk "$dir"
  exec "$SMALL_DISK_CHROMIUM" "$@"
' small-disk-chromium "$dir" "$@"
