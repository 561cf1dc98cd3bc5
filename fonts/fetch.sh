#!/usr/bin/env bash
# Show where each committed font comes from, and restore it from the source.
# Installs Debian's fonts-noto-core (needs root and apt), copies the files
# into this folder and verifies them against the sha256 in SOURCES.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=/usr/share/fonts/truetype/noto
if [ ! -d "$src" ]; then
  apt-get install -y fonts-noto-core
fi
status=0
set +e
# the first table only: the Chinese and Korean fonts are built by build_cjk.py
while IFS='|' read -r _ file _ _ sum _; do
  file=$(echo "$file" | xargs); sum=$(echo "$sum" | xargs)
  case "$file" in *.ttf) ;; *) continue ;; esac
  cp "$src/$file" "$here/$file"
  got=$(sha256sum "$here/$file" | cut -d' ' -f1)
  if [ "$got" = "$sum" ]; then echo "ok       $file"; else echo "MISMATCH $file: $got"; status=1; fi
done < <(sed '/^## /q' "$here/SOURCES.md")
exit $status
