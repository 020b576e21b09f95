#!/usr/bin/env bash
# The README's test command (and what .ci/run runs): installs what the suite needs when it is missing,
# then runs `dotnet test` from the repository root. Arguments go to dotnet test, e.g.
#   Webhooks.Tests/test.sh --filter "FullyQualifiedName~Console.Api"
# With everything in place it installs nothing and prints only what dotnet test prints.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian's packages: chromium drives the browser tests (never a browser of Playwright's own download);
# postgresql gives the server binaries the PostgreSQL tests start throwaway clusters with (the
# package's own cluster is left alone); Node.js and npm run the signature interop checks.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "test.sh: installing ${missing[*]} (Debian packages the tests need)" >&2
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The receivers' own npm libraries, exactly as locked; again only when the lock file changed.
interop=Webhooks.Tests/interop
if [ ! -f "$interop/node_modules/.package-lock.json" ] || [ "$interop/package-lock.json" -nt "$interop/node_modules/.package-lock.json" ]; then
  (cd "$interop" && npm ci --no-audit --no-fund --silent)
fi

exec dotnet test "$@"
