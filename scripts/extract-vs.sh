#!/usr/bin/env bash
# extract-vs.sh: the extractor's speed against another commit's.
#
# It builds the extract package's test binary at BASE (a temporary git
# worktree) and at the working tree, then runs each one's BenchmarkExtract
# (one article, 64 KiB) alternately, ROUNDS times, on one CPU (taskset when
# the machine has it: a shared virtual machine's cores differ by half), and
# prints each run and the median ns/op of both with their ratio. Each side
# runs its own benchmark: BASE's extractor as it was, this tree's as it is.
#
#   scripts/extract-vs.sh                  # against 27c982b, 5 rounds, CPU 1
#   BASE=HEAD~3 ROUNDS=9 CPU=0 scripts/extract-vs.sh
#
# Needs only Go, git and this repository.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${BASE:-27c982b}
ROUNDS=${ROUNDS:-5}
CPU=${CPU:-1}

tmp=$(mktemp -d)
cleanup() {
  git worktree remove --force "$tmp/base" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

git worktree add --detach "$tmp/base" "$BASE" >/dev/null 2>&1
(cd "$tmp/base/extract" && go test -c -o "$tmp/base.test" .)
(cd extract && go test -c -o "$tmp/head.test" .)

pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "$CPU"); fi

run() { # side dir binary
  (cd "$2" && GOMAXPROCS=1 "${pin[@]}" "$3" -test.run '^$' \
    -test.bench 'BenchmarkExtract/(article|64KiB)$' -test.benchtime 1500x |
    awk -v side="$1" '/^Benchmark/ {sub(/-[0-9]+$/, "", $1); print side, $1, $3}')
}

for r in $(seq "$ROUNDS"); do
  run base "$tmp/base/extract" "$tmp/base.test"
  run head extract "$tmp/head.test"
done | tee "$tmp/runs"

echo
# The median of each side and benchmark, then head/base.
sort -k2,2 -k1,1 -k3,3n "$tmp/runs" | awk '
  function flush() {
    if (key == "") return
    m = (cnt % 2) ? vals[(cnt + 1) / 2] : (vals[cnt / 2] + vals[cnt / 2 + 1]) / 2
    med[key] = m
  }
  { k = $1 " " $2
    if (k != key) { flush(); key = k; cnt = 0 }
    vals[++cnt] = $3 }
  END {
    flush()
    n = split("BenchmarkExtract/article BenchmarkExtract/64KiB", names, " ")
    for (i = 1; i <= n; i++) {
      b = med["base " names[i]]; h = med["head " names[i]]
      printf "%-26s base %10.0f ns/op   head %10.0f ns/op   head/base %.3f\n", names[i], b, h, h / b
    }
  }'
