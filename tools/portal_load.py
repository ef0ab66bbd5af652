#!/usr/bin/python3
"""Load on `formpipe serve` (issue 23), loopback only, bounded in count and time:

  tools/portal_load.py --binary .build/release/formpipe --inbox DIR --work DIR [--branches 20] [--files 50]

DIR holds forms such as formpipe-bench --keep generates (its inbox). The first branches × files .docx are handed
in through the portal; all the rest are first taken in by `formpipe batch`, so the store is as full as an office's
after a few rounds (10,000 submissions with formpipe-bench's 10,000 files). Then each branch account signs in and
hands its files in one per request while it also opens its page and a submission's page, and the office reloads
its page: every request is timed, and every file must end stored exactly once. Prints p50/p99 per kind of
request and the CPU the portal used."""

import argparse
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from portal_client import Portal, wait_for  # noqa: E402

PASSWORD = "负载测试的长密码2026"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else float("nan")


def cpu_seconds(pid):
    """CPU of the portal and its worker processes (living children, and those it has waited for)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid:
            total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / ticks
        elif int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--inbox", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--branches", type=int, default=20)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--port", type=int, default=18480)
    parser.add_argument("--seconds", type=int, default=600, help="give up after this long")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    state = os.path.join(args.work, "state")
    uploads = os.path.join(args.work, "uploads")
    rest = os.path.join(args.work, "rest")
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(uploads)
    os.makedirs(rest)

    names = sorted(os.listdir(args.inbox))
    docx = [n for n in names if n.endswith(".docx")]
    wanted = args.branches * args.files
    if len(docx) < wanted:
        sys.exit(f"the inbox holds {len(docx)} .docx files, {wanted} are needed")
    chosen = set(docx[:wanted])
    per_branch = {}
    for index, name in enumerate(docx[:wanted]):
        per_branch.setdefault(index % args.branches, []).append(name)
    for name in names:
        if name not in chosen:
            os.link(os.path.join(args.inbox, name), os.path.join(rest, name))
    started = time.monotonic()
    subprocess.run([binary, "batch", "--state", state, rest], check=True, stdout=subprocess.DEVNULL)
    store = sqlite3.connect(os.path.join(state, "formpipe.sqlite"))
    seeded = store.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    print(f"store seeded by batch: {seeded} submissions ({time.monotonic() - started:.1f} s)")
    subprocess.run([binary, "users", "add", "office", "--role", "office", "--state", state],
                   input=(PASSWORD + "\n").encode(), check=True, stdout=subprocess.DEVNULL)
    for index in range(args.branches):
        subprocess.run([binary, "users", "add", f"zhibu{index + 1}", "--role", "branch", "--branch", f"第{index + 1}党支部",
                        "--state", state], input=(PASSWORD + "\n").encode(), check=True, stdout=subprocess.DEVNULL)

    base = f"http://127.0.0.1:{args.port}"
    # The per-account upload limit (60 a minute) is the portal's defence, not what is measured here.
    server = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{args.port}", "--state", state,
                               "--uploads-per-minute", "100000"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timings = {"sign-in (20 at once)": [], "sign-in (throughout)": [], "upload answer": [], "upload to verdict": [], "branch page": [],
               "submission page": [], "office page": [], "office overview": []}
    failures = []
    lock = threading.Lock()
    done = threading.Event()
    deadline = time.monotonic() + args.seconds

    def record(kind, seconds):
        with lock:
            timings[kind].append(seconds)

    def branch(index):
        client = Portal(base)
        try:
            record("sign-in (20 at once)", client.sign_in(f"zhibu{index + 1}", PASSWORD))
            for name in per_branch[index]:
                if time.monotonic() > deadline:
                    raise RuntimeError("out of time")
                with open(os.path.join(args.inbox, name), "rb") as handle:
                    sent = time.monotonic()
                    status, body, seconds, location = client.upload([(name, handle.read())], with_location=True)
                record("upload answer", seconds)
                if status == 303:
                    # Answered before it was read: the page it names shows the verdict when it comes (it reloads
                    # itself every 0.3 s with script, each second without; this asks as the script does).
                    status, body, _ = client.request(location)
                    while "正在检查" in body:
                        if time.monotonic() > deadline:
                            raise RuntimeError("out of time")
                        time.sleep(0.3)
                        status, body, _ = client.request(location)
                if status != 200:
                    raise RuntimeError(f"upload of {name} answered {status}")
                record("upload to verdict", time.monotonic() - sent)
                status, page, seconds = client.request("/")
                record("branch page", seconds)
                link = page.split('href="/s/', 1)
                if len(link) == 2:
                    status, _, seconds = client.request("/s/" + link[1].split('"', 1)[0])
                    if status != 200:
                        raise RuntimeError(f"submission page answered {status}")
                    record("submission page", seconds)
        except Exception as error:
            with lock:
                failures.append(f"zhibu{index + 1}: {error}")

    behind = []  # how many stored forms the overview did not show yet, at each request

    def office():
        client = Portal(base)
        client.sign_in("office", PASSWORD)
        reader = sqlite3.connect(os.path.join(state, "formpipe.sqlite"))
        while not done.is_set():
            status, _, seconds = client.request("/")
            record("office page", seconds)
            # The live overview: the HTML report of the whole store, made again when the store changed (or the
            # last one made, when making it takes longer than the page waits).
            stored = reader.execute("SELECT COUNT(*) FROM submissions WHERE status != 'pending'").fetchone()[0]
            status, page, seconds = client.request("/office/overview")
            if status != 200:
                with lock:
                    failures.append(f"office overview answered {status}")
            shown = re.search(r"共收到文件 (\d+) 份", page)
            behind.append(max(0, stored - int(shown.group(1))) if shown else stored)
            record("office overview", seconds)
            # Someone signing in while the branches upload.
            record("sign-in (throughout)", Portal(base).sign_in("office", PASSWORD))
            time.sleep(0.2)

    try:
        wait_for(base)
        cpu_before = cpu_seconds(server.pid)
        wall = time.monotonic()
        watcher = threading.Thread(target=office)
        watcher.start()
        threads = [threading.Thread(target=branch, args=(i,)) for i in range(args.branches)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        watcher.join()
        wall = time.monotonic() - wall
        cpu = cpu_seconds(server.pid) - cpu_before  # read before SIGTERM: the workers are still there
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()

    total = store.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    doubled = store.execute(
        "SELECT COUNT(*) FROM (SELECT source_path FROM submissions WHERE source_path LIKE 'portal/%' "
        "GROUP BY source_path HAVING COUNT(*) > 1)").fetchone()[0]
    stored = store.execute("SELECT COUNT(DISTINCT source_path) FROM submissions WHERE source_path LIKE 'portal/%'").fetchone()[0]
    print(f"{args.branches} branches × {args.files} .docx through the portal in {wall:.1f} s; "
          f"portal CPU {cpu:.1f} s (its workers included: {cpu / max(wanted, 1) * 1000:.1f} ms per upload)")
    print(f"store: {total} submissions; {stored} uploaded files stored, {doubled} stored more than once")
    for kind, values in timings.items():
        print(f"  {kind:18s} n={len(values):5d}  p50 {percentile(values, 0.5) * 1000:7.1f} ms  "
              f"p99 {percentile(values, 0.99) * 1000:7.1f} ms  max {max(values or [0]) * 1000:7.1f} ms")
    if behind:
        print(f"  the overview showed the store {percentile(behind, 0.5)} forms behind at p50, {max(behind)} at most "
              f"(of {total}; the forms stored while it was made, or since the one shown)")
    if failures or stored != wanted or doubled:
        print("FAILED: " + "; ".join(failures[:5]) + f" (stored {stored} of {wanted}, {doubled} doubled)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
