"""Sums oneDNN verbose logs per primitive kind and propagation kind.

Usage: python3 onednn_summary.py LOG [LOG ...] [--steps N]
A LOG holds the lines oneDNN prints with ONEDNN_VERBOSE=1 (oneDNN 3.x: "onednn_verbose,v1,primitive,exec,...") or
DNNL_VERBOSE=1 (oneDNN 2.x: "onednn_verbose,exec,..."); other lines are ignored. With --steps N the times are also
divided by N (for example the training steps the log covers).
"""
import collections
import sys


def summarise(path, steps):
    times = collections.defaultdict(float)
    calls = collections.Counter()
    implementations = collections.defaultdict(set)
    for line in open(path, errors="replace"):
        fields = line.strip().split(",")
        if not fields or fields[0] != "onednn_verbose" or "exec" not in fields[:4]:
            continue
        i = fields.index("exec")
        try:
            ms = float(fields[-1])
        except ValueError:
            continue
        key = (fields[i + 2], fields[i + 4])  # primitive kind, propagation kind
        times[key] += ms
        calls[key] += 1
        implementations[key].add(fields[i + 3])
    total = sum(times.values())
    print(f"{path}: {total:.1f} ms in oneDNN" + (f", {total / steps:.1f} ms per step" if steps else ""))
    for key, ms in sorted(times.items(), key=lambda kv: -kv[1]):
        per = f", {ms / steps:.2f} ms and {calls[key] / steps:.0f} calls per step" if steps else f", {calls[key]} calls"
        print(f"  {key[0]} {key[1]}: {ms:.1f} ms{per}; {', '.join(sorted(implementations[key]))}")


if __name__ == "__main__":
    args = sys.argv[1:]
    steps = 0
    if "--steps" in args:
        k = args.index("--steps")
        steps = int(args[k + 1])
        del args[k:k + 2]
    if not args:
        sys.exit(__doc__)
    for log in args:
        summarise(log, steps)
