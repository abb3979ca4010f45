#!/bin/sh
# Debian packages the product and its tests need. Installs only what is missing;
# skips quietly when not root or not on Debian (a developer may install them by hand).
set -e
PACKAGES="gettext espeak-ng chromium fonts-dejavu-core"
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
