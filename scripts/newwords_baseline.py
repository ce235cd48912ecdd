#!/usr/bin/env python3
"""Baseline for `tifa newterms` (benchmark only, not a test): the usual
hash-table new-word discovery of published Python tools — every character
n-gram of length 1..10 counted in a dict, then left/right neighbour counters
and PMI for the frequent ones — with tifa's thresholds (min count 5,
entropy >= 1 bit, PMI >= 3 bits). No reference contrast (cheaper than tifa).

Usage: tifa --data DIR export | newwords_baseline.py [MAX_MB]
Prints: MB processed, seconds, candidates found.
"""
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict

max_mb = float(sys.argv[1]) if len(sys.argv) > 1 else float("inf")
seen, texts, size = set(), [], 0
for line in sys.stdin:
    a = json.loads(line)
    t = a.get("text") or ""
    if a.get("date") and t not in seen:
        seen.add(t)
        texts.append(t)
        size += len(t.encode())
        if size >= max_mb * 1048576:
            break
t0 = time.time()
han = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff〇]+")
runs = [r for t in texts for r in han.findall(t)]
total = sum(len(r) for r in runs)
count = defaultdict(int)
for r in runs:
    for i in range(len(r)):
        for n in range(1, min(10, len(r) - i) + 1):
            count[r[i:i + n]] += 1
left, right = defaultdict(Counter), defaultdict(Counter)
brk = 0
for r in runs:
    for i in range(len(r)):
        for n in range(2, min(10, len(r) - i) + 1):
            w = r[i:i + n]
            if count[w] >= 5:
                brk += 1
                left[w][r[i - 1] if i > 0 else brk] += 1
                right[w][r[i + n] if i + n < len(r) else -brk] += 1


def entropy(c):
    n = sum(c.values())
    return -sum(v / n * math.log2(v / n) for v in c.values())


found = 0
for w, c in left.items():
    if min(entropy(c), entropy(right[w])) < 1.0:
        continue
    pmi = min(math.log2(count[w] * total / (count[w[:k]] * count[w[k:]])) for k in range(1, len(w)))
    if pmi >= 3.0:
        found += 1
print(f"{size / 1048576:.1f} MB {time.time() - t0:.1f} s {found} candidates")
