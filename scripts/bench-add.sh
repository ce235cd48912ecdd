#!/usr/bin/env bash
# Benchmark (not a test): `tifa add` throughput on the shared corpus scaled up.
# Usage: scripts/bench-add.sh [TARGET_MB]   (default 100)
#        scripts/bench-add.sh distinct [TARGET_MB] [N]   (defaults 100 and 200)
# The second form is issue 14's: TARGET_MB of distinct text (no reprints, no
# same-work links: `make-corpus.py distinct`), then N lightly marked copies of
# one work (`make-corpus.py copies`, same-work linking's worst case); each is
# one `tifa add` into a fresh library, timed with its peak RSS.
# Copies ../shared/corpus (compilations, reports, speeches) into a temp folder
# until TARGET_MB is reached; each copy gets one distinct line so its SHA-256
# differs and nothing is skipped as already present. Baseline in the same run:
# `cat` of the same files (read cost) and `grep -c 的` (a full scan). Then the cost
# of rebuilding both indexes from the library (`tifa reindex`).
set -euo pipefail
cd "$(dirname "$0")/.."
target_mb=${1:-100}
# The binary's path as cargo reports it (the build target is set in .cargo/config.toml).
tifa=$(cargo build --release --quiet --bin tifa --message-format=json |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
if [ "${1:-}" = distinct ]; then
  target_mb=${2:-100}
  copies=${3:-200}
  timed_add() { # LABEL DIR
    /usr/bin/time -f '%e %M' -o "$work/time" "$tifa" --data "$work/lib-$1" add "$2" > /dev/null
    read -r secs rss_kb < "$work/time"
    bytes=$(du -sb "$2" | cut -f1)
    mb=$(echo "scale=1; $bytes / 1048576" | bc)
    articles=$("$tifa" --data "$work/lib-$1" ls --json | wc -l)
    echo "$1: ${mb} MB, $(ls "$2" | wc -l) files, $articles articles; tifa add ${secs} s," \
      "$(echo "scale=1; $mb / $secs" | bc) MB/s, peak RSS $((rss_kb / 1024)) MiB"
  }
  python3 scripts/make-corpus.py distinct ../shared/corpus "$work/distinct" "$target_mb" > /dev/null
  timed_add distinct "$work/distinct"
  python3 scripts/make-corpus.py copies ../shared/corpus "$work/copies" "$copies" > /dev/null
  timed_add "copies-of-one-work" "$work/copies"
  exit 0
fi
i=0
size=0
while [ "$size" -lt $((target_mb * 1024 * 1024)) ]; do
  for f in ../shared/corpus/compilations/*.txt ../shared/corpus/reports/*.jsonl ../shared/corpus/speeches/*.csv; do
    base=$(basename "$f")
    out="$work/in/$i-$base"
    cp "$f" "$out"
    case "$base" in
      *.txt) printf '\n副本 %d\n' "$i" >> "$out" ;;
      *.jsonl) printf '{"title": "副本 %d", "content": "副本 %d 的正文。"}\n' "$i" "$i" >> "$out" ;;
      *.csv) printf '2020-01-01,副本 %d 的正文。\n' "$i" >> "$out" ;;
    esac
  done
  i=$((i + 1))
  size=$(du -sb "$work/in" | cut -f1)
done
mb=$(echo "scale=1; $size / 1048576" | bc)
now() { date +%s.%N; }
t0=$(now); cat "$work"/in/* > /dev/null; t1=$(now)
grep -c 的 "$work"/in/* > /dev/null || true; t2=$(now)
/usr/bin/time -f '%M' -o "$work/rss" "$tifa" --data "$work/data" add "$work/in" > /dev/null; t3=$(now)
rss_kb=$(cat "$work/rss")
articles=$("$tifa" --data "$work/data" ls --json | wc -l)
t4=$(now); "$tifa" --data "$work/data" reindex > /dev/null; t5=$(now)
rate() { echo "scale=1; $mb / ($2 - $1)" | bc; }
echo "corpus: ${mb} MB in $(ls "$work/in" | wc -l) files ($i copies), $articles articles"
echo "cat (read):        $(rate "$t0" "$t1") MB/s"
echo "grep -c (scan):    $(rate "$t1" "$t2") MB/s"
echo "tifa add:          $(rate "$t2" "$t3") MB/s, $(echo "scale=1; $t3 - $t2" | bc) s, peak RSS $((rss_kb / 1024)) MB (library, exact index, ranked index)"
echo "tifa reindex:      $(echo "scale=2; $t5 - $t4" | bc) s (both indexes rebuilt from the library; verbatim reprints are indexed once)"
