#!/usr/bin/env python3
"""report.py — turn the benchmark's measurements into the results table.

    report.py WORKDIR OUTPUT.md

Called by tests/bench/run.sh.  WORKDIR holds manifest.tsv (one row per timed
program: records, key, label, hyperfine JSON, peak-RSS file; lines starting
"startup" name the small timings instead), the hyperfine JSON files (a
program timed in rounds has one file per round, their names joined by
commas: see `rounds` in run.sh), the
/usr/bin/time peak-RSS files (one "%M" kilobyte figure per run) and
machine.md.  Writes OUTPUT.md (machine, tables, the issue's targets) and
prints the same text.
"""
import json
import os
import sys
from statistics import median

MIB = 1024 * 1024


def load_time(paths):
    """One hyperfine JSON, or one per round (comma-separated, in round order:
    each its own run's wall and CPU time, kept for paired ratios)."""
    files = paths.split(",")
    if len(files) == 1:
        r = json.load(open(files[0]))["results"][0]
        return {"median": r["median"], "min": r["min"], "max": r["max"],
                "cpu": r["user"] + r["system"], "runs": len(r["times"]), "rounds": None}
    walls, cpus = [], []
    for f in files:
        r = json.load(open(f))["results"][0]
        walls += r["times"]
        cpus.append(r["user"] + r["system"])
    return {"median": median(walls), "min": min(walls), "max": max(walls), "cpu": median(cpus),
            "runs": len(walls), "rounds": (walls, cpus)}


def paired(t, base):
    """The median over the rounds of t's time / base's in the same round (wall,
    CPU), when both were timed in the same rounds; else the ratio of medians."""
    if t["rounds"] and base["rounds"] and len(t["rounds"][0]) == len(base["rounds"][0]):
        wall = median([a / b for a, b in zip(t["rounds"][0], base["rounds"][0])])
        cpu = median([a / b for a, b in zip(t["rounds"][1], base["rounds"][1])])
        return wall, cpu, True
    return t["median"] / base["median"], t["cpu"] / base["cpu"], False


def load_rss(path):
    if not path or not os.path.exists(path):
        return None
    kb = [int(x) for x in open(path).read().split() if x.isdigit()]
    return max(kb) * 1024 if kb else None


def fmt_rate(x):
    return f"{x:,.0f}"


def main():
    work, out_path = sys.argv[1], sys.argv[2]
    rows, startup = {}, []
    for line in open(os.path.join(work, "manifest.tsv"), encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "startup":
            startup.append((f[1], load_time(f[2])))
            continue
        n = int(f[0])
        t = load_time(f[3])
        t["rss"] = load_rss(f[4])
        t["label"] = f[2]
        rows.setdefault(n, {})[f[1]] = t

    text = [open(os.path.join(work, "machine.md"), encoding="utf-8").read().rstrip(), ""]
    for n in sorted(rows):
        r = rows[n]
        floor, hw = r.get("floor"), r.get("handwritten")
        text += [f"### {n:,} NDJSON records", "",
                 "| program | median wall | records/s | peak RSS | × floor | × hand-written | CPU (user+sys) | runs (min–max) |",
                 "|---|---:|---:|---:|---:|---:|---:|---|"]
        for key, t in r.items():
            rss = f"{t['rss'] / MIB:,.1f} MiB" if t["rss"] else "—"
            xf = f"{t['median'] / floor['median']:.2f}×" if floor else "—"
            xh = f"{paired(t, hw)[0]:.2f}×" if hw else "—"
            text.append(f"| {t['label']} | {t['median']:.3f} s | {fmt_rate(n / t['median'])} | {rss} | {xf} | {xh} "
                        f"| {t['cpu']:.3f} s | {t['runs']} ({t['min']:.3f}–{t['max']:.3f} s) |")
        text.append("")
    if startup:
        text += ["### Small timings", "", "| what | median | runs (min–max) |", "|---|---:|---|"]
        for label, t in startup:
            text.append(f"| {label} | {t['median'] * 1000:.1f} ms | {t['runs']} ({t['min'] * 1000:.1f}–{t['max'] * 1000:.1f} ms) |")
        text.append("")

    # XLSX output of 200,000 agents (issue 18): memory within the JSON run's + 64 MiB
    xlsx_tsv = os.path.join(work, "xlsx.tsv")
    if os.path.exists(xlsx_tsv):
        _, json_kb, xlsx_kb, sheets = open(xlsx_tsv).read().split()
        ok = int(xlsx_kb) <= int(json_kb) + 65536
        text += ["### XLSX output (issue 18), 200,000 agents", "",
                 f"- the workbook has {sheets} sheets (the ledgers go on over several); peak RSS "
                 f"{int(xlsx_kb) / 1024:,.1f} MiB against the JSON run's {int(json_kb) / 1024:,.1f} MiB: "
                 f"target (at most the JSON run's + 64 MiB) {'**met**' if ok else '**not met**'}", ""]

    # issue 15's targets, at the largest roster measured: wall time as the
    # issue states them, CPU time beside it (steadier on a shared machine)
    n = max(rows)
    r = rows[n]
    text += [f"### Targets (issue 15), at {n:,} records", ""]

    def verdict(ok):
        return "**met**" if ok else "**not met**"

    def ratio(key, limit, what):
        t, hw = r.get(key), r.get("handwritten")
        if not t or not hw:
            text.append(f"- {what} ≤ {limit}× hand-written: not measured")
            return
        a, c, by_round = paired(t, hw)
        how = f", the median of {len(t['rounds'][0])} rounds" if by_round else ""
        text.append(f"- {what} ≤ {limit}× hand-written: {a:.2f}× wall {verdict(a <= limit)} ({c:.2f}× in CPU time{how})")

    ratio("full", 1.0, "full policy, one job,")
    ratio("full-jobs2", 0.6, "full policy, --jobs 2,")
    ratio("per-record", 0.8, "streaming per-record policy")
    full, pr = r.get("full"), r.get("per-record")
    if full and full["rss"]:
        limit = 200 * n + 64 * MIB
        text.append(f"- full policy peak RSS ≤ 200 B/record + 64 MiB = {limit / MIB:.0f} MiB: "
                    f"{full['rss'] / MIB:,.1f} MiB ({(full['rss'] - 64 * MIB) / n:,.0f} B/record above 64 MiB) "
                    f"{verdict(full['rss'] <= limit)}")
    if pr and pr["rss"]:
        text.append(f"- streaming policy peak RSS ≤ 64 MiB: {pr['rss'] / MIB:.1f} MiB {verdict(pr['rss'] <= 64 * MIB)}")
    def against_eval(at, key, limit, what):
        t, e = rows.get(at, {}).get(key), rows.get(at, {}).get("full")
        if not t or not e:
            text.append(f"- {what} ≤ {limit}× one eval: not measured")
            return
        a, c, by_round = paired(t, e)
        how = f", the median of {len(t['rounds'][0])} rounds" if by_round else ""
        text.append(f"- {what} ≤ {limit}× one eval: {a:.2f}× wall {verdict(a <= limit)} ({c:.2f}× in CPU time{how})")

    against_eval(n, "diff", 1.3, f"diff of two policies at {n:,} records")
    against_eval(n, "diff-files", 1.3, f"diff of two policy files at {n:,} records")
    against_eval(100000, "explain-id", 1.2, "explain --id on a 100,000-record roster")
    for label, t in startup:
        if label.startswith("kaohe check"):
            text.append(f"- kaohe check < 10 ms: {t['median'] * 1000:.1f} ms {verdict(t['median'] < 0.010)}")
        if "1,000,000 members" in label:
            text.append(f"- one record of 1,000,000 members the schema does not name (issue 20, item 2): "
                        f"{t['median']:.2f} s (the pairwise check took 34 s for 40,000)")
    if n < 1000000:
        text.append(f"- (quick mode: the targets are set at 1,000,000 records; these are at {n:,})")
    text.append("")

    body = "\n".join(text)
    with open(out_path + ".tmp", "w", encoding="utf-8") as f:
        f.write(body)
    os.replace(out_path + ".tmp", out_path)
    print(body)


if __name__ == "__main__":
    main()
