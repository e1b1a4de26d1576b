#!/usr/bin/env bash
# Netlify's build image has no .NET 10: install the SDK with the official script (skipped when a
# dotnet is already on the PATH), then run the README's build command. Netlify sets URL to the
# site's address, which becomes the base URL for absolute links in the feed and sitemap.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! command -v dotnet >/dev/null 2>&1; then
  curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --jsonfile global.json --install-dir "$HOME/.dotnet"
  export PATH="$HOME/.dotnet:$PATH"
fi
export ARCHIVE_BASE_URL="${ARCHIVE_BASE_URL:-${URL:-/}}"
dotnet run --project src/Archive.Cli -- build
