#!/usr/bin/env python3
"""Drives a booking through `boxoffice serve` with jsonrpcclient (pinned in .ci/run), a
plain JSON-RPC 2.0 client library: requests it builds (integer ids it counts), one per
line, and answers it parses into `Ok` or `Error`. Nothing of MCP or of Content-Length
framing may show to such a client.

Lists the demo's showings, holds two seats for ana, sees bo refused one of them
(SEATS_UNAVAILABLE), confirms ana's hold, checks the seats, sends a batch; then closes
stdin and expects exit 0, nothing more on stdout, and no error line on stderr.

Exits 0 when all holds, 1 with a report when not, 3 when jsonrpcclient is missing.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from jsonrpcclient import Error, Ok, notification, parse, request
except ImportError as error:  # pragma: no cover - the environment decides
    print(f"jsonrpcclient_check: a package is missing ({error}); .ci/run installs the pinned jsonrpcclient")
    sys.exit(3)

ROOT = Path(__file__).resolve().parent.parent
BINARY = os.environ.get("BOXOFFICE_BINARY") or str(ROOT / ".build" / "debug" / "boxoffice")
SHOWING = "00000000-0000-4000-8000-000000000153"
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def main():
    with tempfile.TemporaryDirectory(prefix="boxoffice-lines-") as directory:
        stderr_path = os.path.join(directory, "stderr.txt")
        with open(stderr_path, "w", encoding="utf-8") as stderr:
            process = subprocess.Popen(
                [BINARY, "serve", "--db", os.path.join(directory, "lines.sqlite"), "--demo", "--deterministic"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr)

            def send(message):
                process.stdin.write((json.dumps(message) + "\n").encode())
                process.stdin.flush()

            def answer(message):
                send(message)
                line = process.stdout.readline()
                check(line.endswith(b"\n"), f"an answer that is no line: {line[:200]!r}")
                return parse(json.loads(line))

            def call(method, params):
                outcome = answer(request(method, params=params))
                check(isinstance(outcome, Ok), f"{method}: {outcome}")
                return outcome.result if isinstance(outcome, Ok) else {}

            listed = call("showings.list", {"theaterId": "00000000-0000-4000-8000-000000000004",
                                            "to": "2030-01-02T19:00:00Z"})
            check([s["id"] for s in listed.get("showings", [])] == [SHOWING], f"showings.list: {listed}")
            hold = call("booking.hold", {"showingId": SHOWING, "userId": "ana", "seats": ["D5", "D6"]})
            check(hold.get("status") == "pending", f"hold: {hold}")
            refused = answer(request("booking.hold", params={"showingId": SHOWING, "userId": "bo", "seats": ["D6"]}))
            check(isinstance(refused, Error) and refused.code == -32002 and refused.data["reason"] == "SEATS_UNAVAILABLE",
                  f"bo's hold: {refused}")
            send(notification("movies.list"))  # never answered: the next line answers the confirm
            confirmed = call("booking.confirm", {"bookingId": hold.get("id"), "userId": "ana"})
            check(confirmed.get("status") == "confirmed", f"confirm: {confirmed}")
            seats = call("availability.check", {"showingId": SHOWING, "seats": ["D6", "D7"]})
            check([s["status"] for s in seats.get("seats", [])] == ["booked", "available"], f"check: {seats}")
            send([request("movies.list"), request("booking.get", params={"bookingId": hold.get("id"), "userId": "ana"})])
            batch = [parse(entry) for entry in json.loads(process.stdout.readline())]
            check(all(isinstance(entry, Ok) for entry in batch) and len(batch) == 2, f"batch: {batch}")

            rest, _ = process.communicate(timeout=20)
            check(process.returncode == 0, f"exit status {process.returncode}")
            check(rest == b"", f"output after the last answer: {rest[:200]!r}")
        for line in Path(stderr_path).read_text(encoding="utf-8").splitlines():
            check(" error " not in line, f"the server logged: {line}")


if __name__ == "__main__":
    main()
    if problems:
        print(f"jsonrpcclient_check: {len(problems)} problem(s):")
        for problem in problems:
            print("  " + problem)
        sys.exit(1)
    print("jsonrpcclient_check: ok: a booking over lines")
