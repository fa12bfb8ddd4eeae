#!/usr/bin/env bash
# bench.sh: raqib against its ceiling, on this machine, in one run.
#
# It builds raqib, the ceiling (bench/ceiling: Colly fetch + goquery parse +
# SQLite insert and nothing else), the benchmark news site
# (bench/benchsite) and a measuring wrapper (bench/measure), serves N
# synthetic 60 KB Arabic article pages on loopback and, for each N, runs the
# ceiling and `raqib once` alternately, ROUNDS times, each on a fresh
# database; after each first raqib pass it runs a second, unchanged one. It
# prints articles/s, CPU seconds and peak RSS of each run, then a summary:
# the median and range over rounds, and raqib's ratio to the ceiling
# measured in the same round.
#
#   scripts/bench.sh                      # N=2000 and N=5000, 3 rounds
#   NS="1000" ROUNDS=5 PARALLELISM=4 scripts/bench.sh
#
# Needs only Go and this repository.
set -euo pipefail
cd "$(dirname "$0")/.."

NS=${NS:-"2000 5000"}
ROUNDS=${ROUNDS:-3}
PARALLELISM=${PARALLELISM:-4}

tmp=$(mktemp -d)
site_pid=""
cleanup() {
  if [ -n "$site_pid" ]; then kill "$site_pid" 2>/dev/null || true; wait "$site_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== building"
CGO_ENABLED=0 go build -o "$tmp/raqib" ./cmd/raqib
go build -o "$tmp/ceiling" ./bench/ceiling
go build -o "$tmp/benchsite" ./bench/benchsite
go build -o "$tmp/measure" ./bench/measure

# measure RESULT_FILE CMD...: runs CMD, output to a log, and writes
# "wall cpu maxrss_kib" to RESULT_FILE.
measure() {
  local out=$1; shift
  if ! "$tmp/measure" -- "$@" >"$tmp/cmd.out" 2>"$tmp/cmd.err"; then
    echo "failed: $*" >&2; tail -20 "$tmp/cmd.err" >&2; exit 1
  fi
  sed -n 's/^measure: wall_s=\([0-9.]*\) cpu_s=\([0-9.]*\) maxrss_kib=\([0-9]*\)$/\1 \2 \3/p' "$tmp/cmd.err" >"$out"
}

# stats: reads numbers, prints "median min max".
stats() { sort -g | awk '{v[NR]=$1} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.2f %.2f %.2f", m, v[1], v[NR]}'; }
# fmt3: "median min max" -> "median [min-max]" with the given printf format.
fmt3() { awk -v f="$1" '{printf f" ["f"-"f"]", $1, $2, $3}'; }

summary="$tmp/summary"
: >"$summary"
printf '%-5s %-5s %-14s %8s %8s %9s %8s\n' N round run articles/s cpu_s rss_MiB wall_s
for n in $NS; do
  "$tmp/benchsite" -n "$n" -addr 127.0.0.1:0 >"$tmp/site.out" 2>"$tmp/site.err" &
  site_pid=$!
  for _ in $(seq 50); do [ -s "$tmp/site.out" ] && break; sleep 0.1; done
  base=$(head -1 "$tmp/site.out")
  [ -n "$base" ] || { echo "benchsite did not start" >&2; cat "$tmp/site.err" >&2; exit 1; }

  cat >"$tmp/bench.yaml" <<YAML
database: $tmp/raqib.db
timezone: Asia/Baghdad
scraper:
  delay: 1ms
  parallelism: $PARALLELISM
  max_articles: $n
sources:
  - name: bench
    url: $base/news/
    links: "a.headline"
    lang: ar
YAML

  for r in $(seq "$ROUNDS"); do
    measure "$tmp/c" "$tmp/ceiling" -url "$base/news/" -links a.headline -parallelism "$PARALLELISM" -db "$tmp/ceiling.db"
    rm -f "$tmp"/raqib.db*
    measure "$tmp/r1" "$tmp/raqib" once -config "$tmp/bench.yaml"
    grep -q "articles=$n " "$tmp/cmd.err" || { echo "raqib did not read $n articles:" >&2; grep 'pass done' "$tmp/cmd.err" >&2; exit 1; }
    measure "$tmp/r2" "$tmp/raqib" once -config "$tmp/bench.yaml"
    read -r cw cc cr <"$tmp/c"; read -r rw rc rr <"$tmp/r1"; read -r sw sc sr <"$tmp/r2"
    for row in "ceiling $cw $cc $cr" "raqib-first $rw $rc $rr" "raqib-unchanged $sw $sc $sr"; do
      set -- $row
      rate=$(awk -v n="$n" -v w="$2" 'BEGIN{printf "%.0f", n/w}')
      [ "$1" = raqib-unchanged ] && rate=-
      printf '%-5s %-5s %-14s %8s %8.2f %9.1f %8.2f\n' "$n" "$r" "$1" "$rate" "$3" "$(awk -v k="$4" 'BEGIN{print k/1024}')" "$2"
    done
    # n ceiling_rate raqib_rate ratio ceil_cpu raqib_cpu ceil_rss raqib_rss second_wall speedup
    awk -v n="$n" -v cw="$cw" -v rw="$rw" -v cc="$cc" -v rc="$rc" -v cr="$cr" -v rr="$rr" -v sw="$sw" \
      'BEGIN{printf "%d %f %f %f %f %f %f %f %f %f\n", n, n/cw, n/rw, cw/rw, cc, rc, cr/1024, rr/1024, sw, rw/sw}' >>"$summary"
  done
  kill "$site_pid" 2>/dev/null || true; wait "$site_pid" 2>/dev/null || true; site_pid=""
done

echo
echo "== summary: median [min-max] over $ROUNDS rounds, parallelism $PARALLELISM, $(nproc) CPUs"
printf '| N | ceiling articles/s | raqib articles/s | raqib/ceiling | CPU s ceiling / raqib | peak RSS MiB ceiling / raqib | unchanged 2nd pass s | 2nd pass speedup |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for n in $NS; do
  col() { awk -v n="$n" -v c="$1" '$1==n {print $c}' "$summary" | stats; }
  printf '| %s | %s | %s | %s | %s / %s | %s / %s | %s | %s |\n' "$n" \
    "$(col 2 | fmt3 %.0f)" "$(col 3 | fmt3 %.0f)" "$(col 4 | awk '{printf "%.0f%% [%.0f-%.0f%%]", $1*100, $2*100, $3*100}')" \
    "$(col 5 | fmt3 %.2f)" "$(col 6 | fmt3 %.2f)" "$(col 7 | fmt3 %.1f)" "$(col 8 | fmt3 %.1f)" \
    "$(col 9 | fmt3 %.3f)" "$(col 10 | fmt3 %.0fx)"
done
