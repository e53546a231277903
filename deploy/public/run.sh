#!/usr/bin/env bash
# Start the public, read-only instance: this folder's .streamlit/config.toml, SEND_APP_MODE=public.
# Extra arguments go to `streamlit run` (for example --server.port 8502 for a second replica).
set -euo pipefail
cd "$(dirname "$0")"
export SEND_APP_MODE=public
exec python3 -m streamlit run ../../app.py "$@"
