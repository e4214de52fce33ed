#!/usr/bin/env python3
"""Drives a booking through `boxoffice serve` with python-lsp-jsonrpc (pinned in .ci/run),
the JSON-RPC layer of the Python LSP server: Content-Length framing, string ids, answers
matched to requests by id. The server must notice the framing from the first bytes and
answer in kind: a plugin of an LSP-style editor can spawn it as it is.

Lists the demo's showings, holds two seats for ana, sees bo refused one of them
(SEATS_UNAVAILABLE, -32002), confirms ana's hold, checks the seats, and sends a
notification that must get no answer; then closes stdin and expects exit 0, stdout with
nothing but whole frames, and no error line on stderr.

Exits 0 when all holds, 1 with a report when not, 3 when python-lsp-jsonrpc is missing.
"""

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

try:
    from pylsp_jsonrpc.endpoint import Endpoint
    from pylsp_jsonrpc.exceptions import JsonRpcException
    from pylsp_jsonrpc.streams import JsonRpcStreamReader, JsonRpcStreamWriter
except ImportError as error:  # pragma: no cover - the environment decides
    print(f"lsp_client_check: a package is missing ({error}); .ci/run installs the pinned python-lsp-jsonrpc")
    sys.exit(3)

ROOT = Path(__file__).resolve().parent.parent
BINARY = os.environ.get("BOXOFFICE_BINARY") or str(ROOT / ".build" / "debug" / "boxoffice")
SHOWING = "00000000-0000-4000-8000-000000000153"
TIMEOUT = 20
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def main():
    with tempfile.TemporaryDirectory(prefix="boxoffice-lsp-") as directory:
        stderr_path = os.path.join(directory, "stderr.txt")
        with open(stderr_path, "w", encoding="utf-8") as stderr:
            process = subprocess.Popen(
                [BINARY, "serve", "--db", os.path.join(directory, "lsp.sqlite"), "--demo", "--deterministic"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr)
            answers, asked = [], []
            endpoint = Endpoint({}, JsonRpcStreamWriter(process.stdin).write)

            def consume(message):
                answers.append(message)
                endpoint.consume(message)

            reader = threading.Thread(target=JsonRpcStreamReader(process.stdout).listen, args=(consume,), daemon=True)
            reader.start()

            def call(method, params):
                asked.append(method)
                return endpoint.request(method, params).result(timeout=TIMEOUT)

            listed = call("showings.list", {"theaterId": "00000000-0000-4000-8000-000000000004",
                                            "to": "2030-01-02T19:00:00Z"})
            check([s["id"] for s in listed["showings"]] == [SHOWING], f"showings.list: {listed}")
            hold = call("booking.hold", {"showingId": SHOWING, "userId": "ana", "seats": ["D5", "D6"]})
            check(hold["status"] == "pending" and hold["total"] == {"amount": 2900, "currency": "EUR"}, f"hold: {hold}")
            try:
                call("booking.hold", {"showingId": SHOWING, "userId": "bo", "seats": ["D6", "D7"]})
                problems.append("bo held a seat ana holds")
            except JsonRpcException as error:
                check(error.code == -32002 and error.data["reason"] == "SEATS_UNAVAILABLE", f"refusal: {error.to_dict()}")
            endpoint.notify("movies.list", {})
            confirmed = call("booking.confirm", {"bookingId": hold["id"], "userId": "ana"})
            check(confirmed["status"] == "confirmed", f"confirm: {confirmed}")
            seats = call("availability.check", {"showingId": SHOWING, "seats": ["D6", "D7"]})
            check([s["status"] for s in seats["seats"]] == ["booked", "available"], f"check: {seats}")

            process.stdin.close()
            check(process.wait(timeout=TIMEOUT) == 0, f"exit status {process.returncode}")
            reader.join(timeout=TIMEOUT)
            check(len(answers) == len(asked), f"{len(answers)} answers to {len(asked)} requests (the notification?)")
        for line in Path(stderr_path).read_text(encoding="utf-8").splitlines():
            check(" error " not in line, f"the server logged: {line}")


if __name__ == "__main__":
    main()
    if problems:
        print(f"lsp_client_check: {len(problems)} problem(s):")
        for problem in problems:
            print("  " + problem)
        sys.exit(1)
    print("lsp_client_check: ok: a booking through Content-Length framing")
