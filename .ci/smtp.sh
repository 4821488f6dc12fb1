#!/usr/bin/env bash
# Installs the SMTP server the alert tests send real e-mail to (aiosmtpd, from Debian's
# python3-aiosmtpd) when it is missing. Runs as root.
set -euo pipefail
if /usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1; then
  exit 0
fi
echo "smtp.sh: installing python3-aiosmtpd from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq python3-aiosmtpd >&2
