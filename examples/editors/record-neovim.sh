#!/usr/bin/env bash
# Record the Neovim session shown in docs/editors.md: Neovim runs in tmux with
# examples/editors/init.lua (vim.lsp.start on `plotmodel lsp`), opens a copy of
# a broken Lost Bullet, and each screen is captured as text with capture-pane.
#
# Needs tmux, Neovim 0.10 or later (`nvim` on PATH, or NVIM=/path/to/nvim) and
# plotmodel with the lsp extra on PATH. Writes the screens to $OUT (default
# ./neovim-screens), one numbered file each.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${OUT:-$PWD/neovim-screens}"
NVIM="${NVIM:-nvim}"
WORK="$(mktemp -d)"
SESSION="plotmodel-recording-$$"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT

mkdir -p "$OUT" "$WORK/config/nvim"
cp "$HERE/init.lua" "$WORK/config/nvim/init.lua"
cp "$ROOT/examples/lost_bullet/broken/dead-quentin-acts.yaml" "$WORK/lost_bullet.yaml"
cd "$WORK"

# the lines the session visits: the finding's, as plotmodel reports it, and its event's id
FINDING="$(plotmodel validate lost_bullet.yaml | grep ' PM301 ' | cut -d: -f2 || true)"
EVENT=$((FINDING - 2))

tmux new-session -d -s "$SESSION" -x 100 -y 30 \
  "env XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data XDG_STATE_HOME=$WORK/state \
   XDG_CACHE_HOME=$WORK/cache $NVIM +$FINDING lost_bullet.yaml"

keys() { tmux send-keys -t "$SESSION" "$@"; sleep 0.7; }
screen() { sleep "${2:-1}"; tmux capture-pane -p -t "$SESSION" > "$OUT/$1.txt"; }

sleep 5                                   # Neovim starts, the server checks the file
keys zt; keys 5 C-y; keys 0fq             # the cursor on 'quentin', who died earlier
screen 1-finding
keys K; screen 2-hover-on-an-id 1.5       # what the id names
keys Escape; keys "${EVENT}G"; keys 0fc; keys K  # the event 'car-armoured'
screen 3-hover-on-an-event 1.5
keys Escape; keys "${FINDING}G"; keys 0fq; keys g r a
screen 4-quick-fixes 1.5                  # the quick fixes for the finding
keys 1 Enter; screen 5-fixed 2            # the first one applied: the finding is gone
keys / p u r s u e r s Enter; keys e; keys a ", "; keys C-x C-o
screen 6-completion 1.5                   # only characters and groups can act
keys Escape; keys u; keys : q a ! Enter
echo "screens written to $OUT"
