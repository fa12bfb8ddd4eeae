#!/usr/bin/env bash
# idle.sh: the resident memory of `raqib run` idle between passes.
#
# It builds raqib (as a release would be built: CGO_ENABLED=0) and
# bench/idle, which serves SOURCES x 20 synthetic 60 KB Arabic article pages
# on loopback, starts `raqib run` with SOURCES sources (default 50), each the
# listing of its own 20 articles, scheduled @every 1h, waits for the
# start-up passes to end, then WAIT more (default 60s), and prints the
# kernel's figures for the daemon (VmRSS = RssAnon + RssFile), its largest
# mappings and the Go runtime's accounts.
#
#   scripts/idle.sh
#   SOURCES=100 WAIT=120s scripts/idle.sh
#
# Needs only Go, this repository and Linux's /proc.
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCES=${SOURCES:-50}
WAIT=${WAIT:-60s}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

CGO_ENABLED=0 go build -o "$tmp/raqib" ./cmd/raqib
go build -o "$tmp/idle" ./bench/idle
ls -l "$tmp/raqib" | awk '{printf "raqib binary: %.1f MiB\n", $5/1048576}'
"$tmp/idle" -raqib "$tmp/raqib" -sources "$SOURCES" -wait "$WAIT"
