#!/usr/bin/env python3
"""The scanned run of `make bench`: a release `formpipe batch` over the scanned dev set, timed.

Prints the CPU per OCR'd page (formpipe and its workers together, from the kernel's accounting of waited-for
children), the wall time, how busy the two cores were, and the largest resident memory any worker reached
(sampled from /proc every 50 ms). Usage: bench_scanned.py FORMPIPE_BINARY SCANNED_FOLDER
"""
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def worker_rss_bytes():
    """Resident bytes of every running `formpipe worker` process."""
    sizes = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
            if len(args) > 1 and args[1] == b"worker":
                with open(f"/proc/{pid}/statm") as f:
                    sizes.append(int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE"))
        except OSError:
            continue
    return sizes


def main():
    binary, folder = sys.argv[1], sys.argv[2]
    state = tempfile.mkdtemp(prefix="formpipe-bench-scanned.")
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        process = subprocess.Popen([binary, "batch", "--state", state, folder], stdout=subprocess.PIPE, text=True)
        peak = 0
        while process.poll() is None:
            peak = max([peak] + worker_rss_bytes())
            time.sleep(0.05)
        output = process.stdout.read()
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        match = re.search(r"OCR 识别 (\d+) 页", output)
        pages = int(match.group(1)) if match else 0
        if process.returncode != 0 or pages == 0:
            print(output)
            sys.exit(f"batch failed (exit {process.returncode}, {pages} pages OCR'd)")
        print(f"{pages} pages OCR'd in {wall:.1f} s wall, {cpu:.1f} s CPU: {cpu / pages:.2f} s CPU per page, "
              f"cores busy {cpu / wall:.2f} of {os.cpu_count()}, largest worker {peak / 2**20:.0f} MiB")
    finally:
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    main()
