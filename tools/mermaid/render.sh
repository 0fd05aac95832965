#!/usr/bin/env bash
# Draws every Mermaid block of the given Markdown files as PNG images in OUTDIR, with the
# Mermaid CLI and the system Chromium, so a person can look at the charts as Obsidian draws
# them. Not run by CI (it needs Chromium); `check.mjs` is the check CI runs.
#   tools/mermaid/render.sh OUTDIR FILE.md...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$1"; shift
chromium="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$chromium" ]; then
  echo "render.sh needs Chromium (apt-get install chromium)" >&2
  exit 1
fi
if [ ! -x "$here/.mmdc/node_modules/.bin/mmdc" ]; then
  mkdir -p "$here/.mmdc"
  (cd "$here/.mmdc" && [ -f package.json ] || echo '{"private": true}' > package.json
   cd "$here/.mmdc" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent \
     @mermaid-js/mermaid-cli@11.17.0)
fi
config="$(mktemp)"
trap 'rm -f "$config"' EXIT
printf '{"executablePath": "%s", "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]}\n' "$chromium" > "$config"
mkdir -p "$out"
for file in "$@"; do
  name="$(basename "${file%.md}")"
  "$here/.mmdc/node_modules/.bin/mmdc" -q -p "$config" -b white -w 800 -i "$file" -o "$out/$name.png"
done
ls "$out"
