#!/usr/bin/env bash
# Build every article of the shared dev corpus and score it against the gold: scripts/score_dev.sh [-v]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${KG_SHARED:-$here/../shared}
out=$(mktemp -d)
for f in "$shared"/corpus/*.txt "$shared"/corpus/*.html; do
  stem=$(basename "${f%.*}")
  "$here/.venv/bin/kg" build "$f" -o "$out/$stem.ttl" 2>/dev/null || echo "kg build failed on $stem"
done
"$here/.venv/bin/python" "$shared/eval/score.py" --gold-dir "$shared/eval/dev" --pred-dir "$out" "$@"
rm -rf "$out"
