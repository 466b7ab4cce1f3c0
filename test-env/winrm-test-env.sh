#!/usr/bin/env bash
# The WinRM piece of the test environment, run by test-env/start.sh and runnable alone: builds the
# WinRM test server (test-env/build-winrm-test-server.sh, offline from Debian's winrmtest sources)
# and records in $KILN_TEST_ENV/env.sh where it and the NTLMv2 front (test-env/winrm-ntlm-front.py)
# are. It starts nothing: each WinRM test starts its own server on a loopback port (its files are
# in memory, and the retry tests start one late), as the SSH tests start their own sshd. Replaces
# only its own lines of env.sh. Without winrmtest's sources or pyspnego (test-env/install-deps.sh
# installs both) it says so and records nothing: the WinRM tests then fail under CI=true.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
DIR="${KILN_TEST_ENV:-/tmp/kiln-test-env}"
mkdir -p "$DIR"
touch "$DIR/env.sh"
grep -v -e '^export KILN_WINRM_TEST_SERVER=' -e '^export KILN_WINRM_NTLM_FRONT=' "$DIR/env.sh" >"$DIR/env.sh.tmp" || true
mv "$DIR/env.sh.tmp" "$DIR/env.sh"
if ! server="$(bash "$here/build-winrm-test-server.sh")"; then
  echo "the WinRM test server could not be built: the WinRM tests will fail or skip" >&2
  exit 0
fi
if ! python3 -c 'import spnego' 2>/dev/null; then
  echo "pyspnego is not installed (test-env/install-deps.sh installs it): the NTLM tests will fail or skip" >&2
  exit 0
fi
printf 'export KILN_WINRM_TEST_SERVER=%q\n' "$server" >>"$DIR/env.sh"
printf 'export KILN_WINRM_NTLM_FRONT=%q\n' "$here/winrm-ntlm-front.py" >>"$DIR/env.sh"
echo "WinRM test server: $server"
