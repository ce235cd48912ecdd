#!/usr/bin/env python3
"""Scaled corpora for the benchmarks (not a test).

Usage: scripts/make-corpus.py distinct SHARED_CORPUS OUT_DIR TARGET_MB
       scripts/make-corpus.py copies   SHARED_CORPUS OUT_DIR N

distinct: copies of the shared corpus (compilations as .txt, the report
records as .jsonl, the speech records as .csv) until TARGET_MB, copy k > 0
under its own permutation of the Han characters: the corpus's layout and
statistics, but new text, so no copy is a reprint or the same work as another
(what a library of different texts looks like to ingest). Characters that
carry structure (dates, numbers, labels, the words of title and date lines)
are kept, so the splitter sees the same genre conventions.

copies: N copies of one speech, each lightly marked (one sentence changed
and one paragraph appended), so all N are one work: the same-work linking
worst case.
"""
import csv
import json
import os
import random
import sys

KEEP = set(
    "〇零一二三四五六七八九十百千万亿年月日"  # dates and numbers
    "第章节篇部分条款目录讲话在上的报告会议同志新华社人民日报求是电记者摄"  # labels, lines
    "习近平总书记主席中央国务院"  # names, organs
)


def han_of(texts):
    return sorted({c for t in texts for c in t if "\u4e00" <= c <= "\u9fff" and c not in KEEP})


def distinct(corpus, out, target):
    comp = sorted(
        os.path.join(corpus, "compilations", n)
        for n in os.listdir(os.path.join(corpus, "compilations"))
        if n.endswith(".txt")
    )
    comp_text = [open(p, encoding="utf-8").read() for p in comp]
    recs = [
        json.loads(line)
        for f in ("cpc_congress_reports.jsonl", "government_work_reports.jsonl")
        for line in open(os.path.join(corpus, "reports", f), encoding="utf-8")
    ]
    rows = list(csv.reader(open(os.path.join(corpus, "speeches", "xi_speeches_2020.csv"), encoding="utf-8")))
    han = han_of(comp_text + [r.get("content", "") for r in recs] + [r[1] for r in rows[1:]])
    size, copy = 0, 0
    while size < target:
        perm = han[:]
        random.Random(copy).shuffle(perm)
        table = str.maketrans(dict(zip(han, perm))) if copy else {}
        for i, t in enumerate(comp_text):
            p = os.path.join(out, f"{copy:04}-c{i}.txt")
            with open(p, "w", encoding="utf-8") as f:
                f.write(t.translate(table))
            size += os.path.getsize(p)
        p = os.path.join(out, f"{copy:04}-r.jsonl")
        with open(p, "w", encoding="utf-8") as f:
            for r in recs:
                r = dict(r, content=r["content"].translate(table), title=r.get("title", "").translate(table))
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        size += os.path.getsize(p)
        p = os.path.join(out, f"{copy:04}-s.csv")
        with open(p, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(rows[0])
            for d, t in rows[1:]:
                w.writerow([d, t.translate(table)])
        size += os.path.getsize(p)
        copy += 1
    print(f"{size / 1048576:.1f} MB in {copy} copies")


def copies(corpus, out, n):
    rows = list(csv.reader(open(os.path.join(corpus, "speeches", "xi_speeches_2020.csv"), encoding="utf-8")))
    # The longest speech: the most shingles to compare.
    date, text = max(rows[1:], key=lambda r: len(r[1]))
    for k in range(n):
        marked = text.replace("。", f"（第{k}稿）。", 1) + f"　　本稿编号{k}。"
        with open(os.path.join(out, f"copy-{k:04}.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(rows[0])
            w.writerow([date, marked])
    print(f"{n} copies of a {len(text)}-character speech")


if __name__ == "__main__":
    mode, corpus, out, arg = sys.argv[1:5]
    os.makedirs(out, exist_ok=True)
    if mode == "distinct":
        distinct(corpus, out, float(arg) * 1048576)
    else:
        copies(corpus, out, int(arg))
