#!/usr/bin/env python3
"""What failed in the last test run, in a screenful: printed last by ./argus test when Maven fails.

A CI log is often read from its end, where Maven's summary says only which test failed. This reads
the Surefire reports (*/target/surefire-reports/TEST-*.xml) and prints, for each failed test, its
error, the first lines of its stack trace, what the test printed last, and for a test stopped by its
@Timeout, the threads of Argus and of Flink's tasks from JUnit's thread dump (where it hung).

usage: bin/test-digest.py [ROOT] [--since EPOCH_SECONDS] [--max-lines N]
  --since: only reports written since then (this run's, not an earlier run's left in target/)
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

MAX_LINES = 110
DUMP_MARK = "will be interrupted."
# Threads worth showing from a dump: ours, Flink's task threads ("name (1/2)#0"), Kafka's fetchers.
INTERESTING = re.compile(r'^"(argus-[^"]*|[^"]*\(\d+/\d+\)#\d+[^"]*|Source Data Fetcher[^"]*|main)"')


def failures(root, since):
    for path in sorted(glob.glob(os.path.join(root, "*", "target", "surefire-reports", "TEST-*.xml"))):
        if os.path.getmtime(path) < since:
            continue
        try:
            suite = ET.parse(path).getroot()
        except ET.ParseError as e:
            yield (os.path.basename(path), None, f"unreadable report: {e}", "", "")
            continue
        for case in suite.iter("testcase"):
            bad = case.find("failure")
            if bad is None:
                bad = case.find("error")
            if bad is None:
                continue
            name = f'{case.get("classname", "?")}.{case.get("name", "?")}'
            head = f'{bad.get("type", "")}: {bad.get("message", "") or ""}'.strip(": ")
            out = case.findtext("system-out") or ""
            yield (name, case.get("time"), head, bad.text or "", out)


def stack_head(trace, limit=10):
    lines = [l.rstrip() for l in trace.strip().splitlines() if l.strip()]
    # The trace opens with the error's message again: keep its frames.
    first = next((i for i, l in enumerate(lines) if l.lstrip().startswith("at ")), len(lines))
    lines = lines[first:]
    keep = lines[:limit]
    # Down to the first frame of our own code, if it is further down.
    if not any("io.argus" in l for l in keep):
        ours = next((l for l in lines[limit:] if "io.argus" in l), None)
        if ours:
            keep += ["\t...", ours]
    return keep


def last_words(out, limit=10):
    before = out[:out.rfind("\n", 0, out.index(DUMP_MARK)) + 1] if DUMP_MARK in out else out
    lines = [l.rstrip() for l in before.splitlines()
             if l.strip() and not l.startswith("\t") and not l.lstrip().startswith(("at ", "... "))]
    return [l[:220] for l in lines[-limit:]]


def dump_threads(out, frames=6):
    if DUMP_MARK not in out:
        return []
    dump = out[out.index(DUMP_MARK):].splitlines()[1:]
    shown, current, stack = [], None, []

    def flush():
        if current and INTERESTING.match(current):
            shown.append(current[:200])
            picked = stack[:frames]
            ours = next((f for f in stack[frames:] if "io.argus" in f), None)
            shown.extend(picked + (["\t  ...", ours] if ours else []))

    for line in dump:
        if line.startswith('"'):
            flush()
            current, stack = line, []
        elif line.startswith("\tat ") and current:
            stack.append(line.rstrip()[:200])
    flush()
    return shown


def main(argv):
    root = os.getcwd()
    limit, since = MAX_LINES, 0.0
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--max-lines":
            limit = int(args.pop(0))
        elif a == "--since":
            since = float(args.pop(0))
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        else:
            root = a
    found = list(failures(root, since))
    if not found:
        print("==> no failed test in the reports (the build failed before or outside the tests: see above)")
        return 0
    lines = [f"==> what failed: {len(found)} test(s), from the Surefire reports (full output above)"]
    for name, secs, head, trace, out in found:
        lines.append(f"FAILED {name}" + (f" after {float(secs):.0f} s" if secs else ""))
        lines.extend("  " + l for l in head.splitlines()[:4])
        lines.extend("  " + l for l in stack_head(trace))
        words = last_words(out)
        if words:
            lines.append("  its last output:")
            lines.extend("    " + l for l in words)
        threads = dump_threads(out)
        if threads:
            lines.append("  threads when its timeout struck (JUnit's dump: Argus's and Flink tasks'):")
            lines.extend("    " + l for l in threads)
    if len(lines) > limit:
        lines = lines[:limit] + [f"  ... ({len(lines) - limit} more lines: tests/target/surefire-reports/)"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
