#!/usr/bin/python3
"""kill -9 of `formpipe serve` while branches upload (issue 23): after a restart every upload that was answered
has its outcome, and none is stored twice. Started by the Swift test PortalKillTests with the binary, a state
folder whose accounts exist (zhibu1..zhibuN, one password) and a folder of forms per branch.

The branches upload one file per request, side by side; the portal is killed with SIGKILL mid-stream, started
again, and every branch hands in all its files once more (what a person does after an error page). Then, in the
store: each file is one submission under its name, with an outcome; each answered one was stored by the first
portal already (it has the outcome it was answered with, or, answered before it was read, an outcome at all)."""

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from portal_client import Portal, wait_for  # noqa: E402


def start(binary, state, port, verdict_wait):
    return subprocess.Popen(
        [binary, "serve", "--listen", f"127.0.0.1:{port}", "--state", state, "--verdict-wait", str(verdict_wait)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser()
    for option in ["binary", "state", "forms", "password", "port"]:
        parser.add_argument("--" + option, required=True)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    branches = sorted(os.listdir(args.forms))
    files = {b: sorted(os.listdir(os.path.join(args.forms, b))) for b in branches}

    # A short wait for verdicts: some uploads are answered with theirs, others before they are read (taken in
    # only), and both kinds must survive the kill.
    server = start(args.binary, args.state, args.port, 30)
    wait_for(base)
    # (branch, name) -> the verdict the page showed; None when the portal answered before reading the file
    # (taken in and recorded, sent on to the page that shows the verdict when it comes)
    answered = {}
    lock = threading.Lock()
    killed = threading.Event()

    def hand_in(index, branch):
        client = Portal(base)
        client.sign_in(f"zhibu{index + 1}", args.password)
        for name in files[branch]:
            if killed.is_set():
                return
            with open(os.path.join(args.forms, branch, name), "rb") as handle:
                data = handle.read()
            try:
                status, body, _ = client.upload([(name, data)], timeout=30)
            except Exception:
                return  # the connection died with the portal: not answered
            if status in (200, 303):
                verdict = None if status == 303 else "invalid" if "需整改" in body else "valid" if "合格" in body else "other"
                with lock:
                    answered[(branch, name)] = verdict

    threads = [threading.Thread(target=hand_in, args=(i, b)) for i, b in enumerate(branches)]
    for thread in threads:
        thread.start()
    # Kill once some uploads are answered and others are on their way.
    deadline = time.monotonic() + 60
    while len(answered) < sum(len(v) for v in files.values()) // 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.send_signal(signal.SIGKILL)
    killed.set()
    server.wait()
    for thread in threads:
        thread.join()
    before = dict(answered)
    early = sum(1 for verdict in before.values() if verdict is None)
    print(f"killed after {len(before)} answered uploads of {sum(len(v) for v in files.values())} "
          f"({early} answered before they were read)")

    # No wait at all after the restart: every upload is answered before it is read, and the SIGTERM at the end
    # must let the portal finish reading them before it exits.
    server = start(args.binary, args.state, args.port, 0)
    try:
        wait_for(base)
        for index, branch in enumerate(branches):
            client = Portal(base)
            client.sign_in(f"zhibu{index + 1}", args.password)
            for name in files[branch]:
                with open(os.path.join(args.forms, branch, name), "rb") as handle:
                    status, _, _ = client.upload([(name, handle.read())])
                if status not in (200, 303):
                    print(f"FAILED: {branch}/{name} answered {status} after the restart", file=sys.stderr)
                    return 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()

    store = sqlite3.connect(os.path.join(args.state, "formpipe.sqlite"))
    failures = []
    for branch in branches:
        for name in files[branch]:
            path = f"portal/{branch}/{name}"
            rows = store.execute("SELECT status FROM submissions WHERE source_path = ?", (path,)).fetchall()
            statuses = [row[0] for row in rows]
            if len(statuses) != 1:
                failures.append(f"{path}: stored {len(statuses)} times ({statuses})")
            elif statuses[0] not in ("valid", "invalid"):
                failures.append(f"{path}: {statuses[0]}")
            elif before.get((branch, name)) not in (None, statuses[0]):
                failures.append(f"{path}: answered {before[(branch, name)]}, stored {statuses[0]}")
    pending = store.execute("SELECT COUNT(*) FROM submissions WHERE status = 'pending'").fetchone()[0]
    if pending:
        failures.append(f"{pending} submissions still pending")
    if failures:
        print("FAILED: " + "; ".join(failures[:10]), file=sys.stderr)
        return 1
    print("every answered upload has its outcome, none stored twice")
    return 0


if __name__ == "__main__":
    sys.exit(main())
