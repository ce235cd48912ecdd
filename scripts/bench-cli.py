#!/usr/bin/env python3
"""Benchmark (not a test): whole-process time of the commands a user runs.

Usage: scripts/bench-cli.py LIBRARY FILES [RUNS] [--against OTHER_TIFA]

LIBRARY is a tifa data directory made from the files in FILES (for example
`python3 scripts/make-corpus.py distinct ../shared/corpus /tmp/c200 200`, then
`tifa --data /tmp/lib200 add /tmp/c200`). Each pair below runs in turn, A B A B
..., after two warm-up runs (page cache warm for both); every run is one
process started with posix_spawn and reaped with wait4, its wall time read
around the two calls. Prints the median wall time of each command and the
median of the per-pair ratios, plus the floor of any process on this machine
(`/bin/true`) and tifa's own start-up (`tifa --version`).

With `--against OTHER_TIFA` (an earlier build, say), it times the same tifa
commands A/B instead: OTHER_TIFA as A, this checkout's build as B, back to
back (no `rg` in between).
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def tifa_binary():
    """The release binary, built if needed, at the path cargo reports (the
    build target is set in .cargo/config.toml)."""
    out = subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "tifa", "--message-format=json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    exes = [m["executable"] for m in map(json.loads, out.splitlines()) if m.get("executable")]
    return exes[-1]


def run(argv):
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, _ = os.wait4(pid, 0)
    t1 = time.perf_counter()
    os.close(devnull)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed with {status}")
    return t1 - t0


def pair(a, b, runs):
    for _ in range(2):
        run(a)
        run(b)
    ta, tb = [], []
    for _ in range(runs):
        ta.append(run(a))
        tb.append(run(b))
    ratios = [x / y for x, y in zip(ta, tb)]
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios)


def main():
    args = sys.argv[1:]
    against = None
    if "--against" in args:
        i = args.index("--against")
        against = args[i + 1] if i + 1 < len(args) else sys.exit(__doc__)
        del args[i : i + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    lib, files = args[0], args[1]
    runs = int(args[2]) if len(args) > 2 else 101
    tifa = tifa_binary()
    if against:
        return ab(against, tifa, lib, runs)
    rg = shutil.which("rg") or sys.exit("rg (ripgrep) is needed as the baseline")
    ms = lambda s: f"{s * 1000:.2f} ms"
    rows = [
        ("tifa count 新质生产力", [tifa, "--data", lib, "count", "新质生产力"], [rg, "-c", "新质生产力", files]),
        ("tifa kwic 高质量发展 --limit 50", [tifa, "--data", lib, "kwic", "高质量发展", "--limit", "50"], [rg, "高质量发展", files]),
        ("tifa --version", [tifa, "--version"], ["/bin/true"]),
    ]
    print(f"{runs} pairs each, medians")
    print("| A | A wall | B | B wall | A/B |")
    print("|---|---|---|---|---|")
    for name, a, b in rows:
        ma, mb, r = pair(a, b, runs)
        bname = " ".join(os.path.basename(x) if i == 0 else x for i, x in enumerate(b))
        print(f"| `{name}` | {ms(ma)} | `{bname}` | {ms(mb)} | {r:.3f} (1/{1 / r:.1f}) |")


def ab(a, b, lib, runs):
    """The same commands, build `a` against build `b`."""
    print(f"{runs} pairs each, medians; A = {a}, B = {b}")
    print("| command | A | B | A/B |")
    print("|---|---|---|---|")
    for args in (
        ["--data", lib, "count", "新质生产力"],
        ["--data", lib, "count", "高质量发展"],
        ["--data", lib, "kwic", "高质量发展", "--limit", "50"],
        ["--version"],
    ):
        ma, mb, r = pair([a] + args, [b] + args, runs)
        name = " ".join(x for x in args if x not in ("--data", lib))
        print(f"| `tifa {name}` | {ma * 1000:.2f} ms | {mb * 1000:.2f} ms | {r:.3f} |")


if __name__ == "__main__":
    main()
