#!/usr/bin/env bash
# Benchmark (not a test): `tifa newterms` throughput and peak memory, and
# `trend` / `first` latency, on the shared corpus and on it scaled up.
# Usage: scripts/bench-analysis.sh [TARGET_MB]   (default 100)
#
# Scaling: copies of the report (JSONL) and speech (CSV) records, each copy
# under its own permutation of the Han characters (date characters kept):
# real statistics, but no copy is a reprint or the same work as another
# (reprints share one indexed text; 200 copies of one work would make
# same-work linking quadratic); the compilations are added once. Baseline in the same run: the hash-table new-word discovery
# of published Python tools (scripts/newwords_baseline.py) on the first MB
# of the same text, extrapolated linearly (it only grows faster).
set -euo pipefail
cd "$(dirname "$0")/.."
target_mb=${1:-100}
# The binary's path as cargo reports it (the build target is set in .cargo/config.toml).
tifa=$(cargo build --release --quiet --bin tifa --message-format=json |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=../shared/corpus
now() { date +%s.%N; }
run_newterms() { # data dir, label
  /usr/bin/time -f '%e %M' -o "$work/time" "$tifa" --data "$1" newterms --period 1000..2999 -n 20 > "$work/out"
  read -r secs kb < "$work/time"
  text_mb=$(grep -o '([0-9.]* MB)' "$work/out" | head -1 | tr -d '(MB) ')
  echo "| $2 | ${text_mb} | ${secs} | $(echo "scale=1; $text_mb / $secs" | bc) | $((kb / 1024)) | $(echo "scale=2; $kb / 1024 / $text_mb" | bc) |"
}
# 1. The shared corpus as it is.
"$tifa" --data "$work/small" add "$corpus/reports" "$corpus/speeches" "$corpus/compilations" > /dev/null 2>&1
# 2. Scaled up.
mkdir -p "$work/in"
python3 - "$corpus" "$work/in" "$target_mb" <<'PY'
import csv, json, os, random, sys
corpus, out, target = sys.argv[1], sys.argv[2], float(sys.argv[3]) * 1048576
recs = [json.loads(l) for f in ("cpc_congress_reports.jsonl", "government_work_reports.jsonl")
        for l in open(os.path.join(corpus, "reports", f), encoding="utf-8")]
rows = list(csv.reader(open(os.path.join(corpus, "speeches", "xi_speeches_2020.csv"), encoding="utf-8")))
keep = set("〇零一二三四五六七八九十百千万亿年月日")  # dates stay readable
han = sorted({c for t in [r["content"] for r in recs] + [r[1] for r in rows[1:]]
              for c in t if "\u4e00" <= c <= "\u9fff" and c not in keep})
size, copy = 0, 0
while size < target:
    # Copy k > 0 permutes the Han characters (a fixed cipher per copy): the
    # same statistics, but new n-grams, so copies are neither reprints nor
    # one work, as in a library of different texts.
    perm = han[:]
    random.Random(copy).shuffle(perm)
    table = str.maketrans(dict(zip(han, perm))) if copy else {}
    with open(os.path.join(out, f"{copy}.jsonl"), "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(dict(r, content=r["content"].translate(table)), ensure_ascii=False) + "\n")
    with open(os.path.join(out, f"{copy}.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(rows[0])
        for d, t in rows[1:]:
            w.writerow([d, t.translate(table)])
    size = sum(os.path.getsize(os.path.join(out, n)) for n in os.listdir(out))
    copy += 1
PY
t0=$(now)
"$tifa" --data "$work/big" add "$work/in" > /dev/null 2>&1
t1=$(now)
echo "scaled corpus: $(du -sm "$work/in" | cut -f1) MB in $(ls "$work/in" | wc -l) files; tifa add $(echo "scale=0; ($t1 - $t0) / 1" | bc) s"
echo
echo "| newterms over every dated text | text MB | seconds | MB/s | peak RSS MB | RSS / text |"
echo "|---|---|---|---|---|---|"
run_newterms "$work/small" "shared corpus"
run_newterms "$work/big" "scaled: $(ls "$work/in"/*.csv | wc -l) permuted copies"
"$tifa" --data "$work/small" export > "$work/export.jsonl"
/usr/bin/time -f '%e %M' -o "$work/time" python3 scripts/newwords_baseline.py 1 < "$work/export.jsonl" > "$work/py"
read -r secs kb < "$work/time"
py_mb=$(cut -d' ' -f1 < "$work/py"); py_s=$(cut -d' ' -f3 < "$work/py")
echo "| Python hash-table baseline (first MB of the shared corpus) | ${py_mb} | ${py_s} | $(echo "scale=2; $py_mb / $py_s" | bc) | $((kb / 1024)) | $(echo "scale=1; $kb / 1024 / $py_mb" | bc) |"
echo
"$tifa" --data "$work/big" bench --analysis --queries 200
