# Sourced by ./dev: puts a Node 24 first on PATH.
# When the machine's node is older than package.json's engines range, Node 24 is installed from the
# npm registry (the `node` package ships the official binary) into .tools/, once.
baton_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [[ "$(baton_node_major)" != "24" ]]; then
  tools="$root/.tools"
  if [[ ! -x "$tools/node_modules/node/bin/node" ]]; then
    echo "› Node $(node --version 2>/dev/null || echo 'missing') found; installing Node 24 into .tools/ from the npm registry" >&2
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$(cat "$root/.nvmrc")" >&2
  fi
  export PATH="$tools/node_modules/node/bin:$tools/node_modules/.bin:$PATH"
  if [[ "$(baton_node_major)" != "24" ]]; then
    echo "✗ could not provide Node 24 (have $(node --version 2>/dev/null)); install it and retry" >&2
    exit 1
  fi
fi
