#!/bin/sh
# Debian packages, given as arguments (the Makefile lists what the demo and the
# tests need). Installs only what is missing; when not root or not on Debian it
# says what is missing and goes on (a developer may install them by hand).
set -e
PACKAGES="$*"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "missing Debian packages:$missing (install them with apt-get)" >&2
  exit 0
fi
echo "installing:$missing"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
