#!/usr/bin/env python3
"""Figures for boxoffice's hot paths, measured through the real binary as clients use it.

Build a release binary first, then run this script:

    swift build -c release
    python3 Benchmarks/serve_bench.py [--binary .build/release/boxoffice]

It makes a fresh database with one 400-seat screen (20 rows of 20 seats around an
aisle) and one showing, pipes batches of requests through `boxoffice serve`, and prints
the time per request with the cost of starting the process taken out. It prints figures;
it asserts nothing, so a slow or busy machine never fails anything.

Live seat maps (`--live-changes N`, 0 to skip): two long-running processes on one file,
a writer A and a kiosk B subscribed to the showing. A holds and cancels seats one change
at a time, after a random pause shorter than the watch interval (so that changes fall
anywhere in B's polling cycle); each latency runs from the moment the request is written
to A (so it includes A's commit) to the moment B's client reads the `seatmap.changed`
naming that seat. Then the CPU time of an idle process holding 10 subscriptions, and of
one holding none, over `--idle-seconds` (read from /proc, Linux only).
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import tempfile
import time


def serve(binary, database, requests, *flags):
    """Runs one process over `requests`; returns (seconds, answer lines)."""
    data = "".join(json.dumps(request) + "\n" for request in requests).encode()
    start = time.perf_counter()
    result = subprocess.run([binary, "serve", "--db", database, *flags], input=data, capture_output=True, check=True)
    return time.perf_counter() - start, result.stdout.decode().splitlines()


def make_showing(binary, database, rows):
    """A movie, a theater with one screen of `rows`, and one showing on it; its id."""
    _, lines = serve(binary, database, [
        call("movies.create", {"title": "Bench", "durationMinutes": 100}, 1),
        call("theaters.create", {"name": "Bench", "screens": [{"name": "S", "layout": rows}]}, 2),
    ])
    movie = json.loads(lines[0])["result"]["id"]
    screen = json.loads(lines[1])["result"]["screens"][0]["id"]
    _, lines = serve(binary, database, [call("showings.create", {
        "movieId": movie, "screenId": screen, "startsAt": "2099-06-01T20:00:00Z", "currency": "EUR",
        "prices": {"regular": 1000}}, 3)])
    return json.loads(lines[0])["result"]["id"]


def call(method, params, id):
    return {"jsonrpc": "2.0", "id": id, "method": method, "params": params}


def per_request(binary, database, requests, *flags):
    """Microseconds per request, the process start measured apart and taken out."""
    startup = min(serve(binary, database, [], *flags)[0] for _ in range(3))
    seconds, lines = serve(binary, database, requests, *flags)
    errors = [line for line in lines if '"error"' in line]
    if errors:
        raise SystemExit(f"unexpected error answers, first: {errors[0]}")
    return (seconds - startup) / len(requests) * 1e6, len(lines[0]) if lines else 0


def report(label, micros):
    print(f"{label:46} {micros:8.0f} us {1e6 / micros:9.0f}/s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/boxoffice")
    parser.add_argument("--seatmaps", type=int, default=2000)
    parser.add_argument("--best-calls", type=int, default=2000)
    parser.add_argument("--live-changes", type=int, default=1000)
    parser.add_argument("--idle-seconds", type=float, default=10)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)

    with tempfile.TemporaryDirectory() as scratch:
        database = os.path.join(scratch, "bench.sqlite")
        rows = [f"{chr(65 + i)}: " + "R" * 10 + "." + "R" * 10 for i in range(20)]
        showing = make_showing(binary, database, rows)

        print(f"boxoffice {binary}")
        print("400-seat screen; each figure is time per request, process start excluded\n")
        seat = 0
        for durability in ("full", "normal"):
            requests = []
            for index in range(100):
                row, number = chr(65 + seat // 20), seat % 20 + 1
                requests.append(call("booking.create", {
                    "showingId": showing, "userId": f"u{seat}", "seats": [f"{row}{number}", f"{row}{number + 1}"]},
                    index))
                seat += 2
            micros, _ = per_request(binary, database, requests, "--durability", durability)
            report(f"booking.create, 2 seats, --durability {durability}", micros)
        requests = [call("seatmap.get", {"showingId": showing, "userId": "u0"}, i) for i in range(args.seatmaps)]
        micros, size = per_request(binary, database, requests)
        report(f"seatmap.get, 400 seats ({size // 1024} KiB)", micros)
        requests = [call("availability.check", {"showingId": showing, "seats": ["A1", "B2", "C3"]}, i)
                    for i in range(5000)]
        micros, _ = per_request(binary, database, requests)
        report("availability.check, 3 seats", micros)
        requests = [call("availability.get", {"showingId": showing}, i) for i in range(5000)]
        micros, _ = per_request(binary, database, requests)
        report("availability.get", micros)

        best_available(binary, scratch, args.best_calls)
        if args.live_changes > 0:
            # A showing of its own on the same screen: the bookings above filled the first.
            _, lines = serve(binary, database, [call("showings.create", {
                "movieId": movie, "screenId": screen, "startsAt": "2099-06-02T20:00:00Z", "currency": "EUR",
                "prices": {"regular": 1000}}, 4)])
            live_seat_maps(binary, database, json.loads(lines[0])["result"]["id"], args.live_changes,
                           args.idle_seconds)


def best_available(binary, scratch, calls):
    """seats.bestAvailable on a 2,000-seat screen (40 rows of 50 around an aisle) with
    half its seats blocked at random (seeded), for groups of 2 to 6."""
    import random
    database = os.path.join(scratch, "best.sqlite")
    rows = [f"{chr(65 + i // 26)}{chr(65 + i % 26)}: " + "R" * 25 + "." + "R" * 25 for i in range(40)]
    showing = make_showing(binary, database, rows)
    labels = [f"{row.split(':')[0]}{n}" for row in rows for n in range(1, 51)]
    taken = random.Random(7).sample(labels, 1000)
    serve(binary, database, [call("seats.block", {"showingId": showing, "seats": taken[i:i + 50]}, i)
                             for i in range(0, 1000, 50)])
    requests = [call("seats.bestAvailable", {"showingId": showing, "count": 2 + i % 5}, i) for i in range(calls)]
    micros, _ = per_request(binary, database, requests)
    report("seats.bestAvailable, 2,000 seats half taken", micros)


class Client:
    """A long-running `boxoffice serve` and its client end."""

    def __init__(self, binary, database, *flags):
        self.process = subprocess.Popen([binary, "serve", "--db", database, *flags], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, method, params):
        self.next_id += 1
        self.process.stdin.write((json.dumps(call(method, params, self.next_id)) + "\n").encode())
        self.process.stdin.flush()
        return self.next_id

    def read(self):
        return json.loads(self.process.stdout.readline())

    def call(self, method, params):
        """The answer's result; notifications read before it are dropped."""
        request_id = self.send(method, params)
        while True:
            message = self.read()
            if message.get("id") == request_id:
                if "result" not in message:
                    raise SystemExit(f"{method} failed: {message}")
                return message["result"]

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def live_seat_maps(binary, database, showing, changes, idle_seconds, interval_ms=100):
    writer = Client(binary, database)
    kiosk = Client(binary, database)
    kiosk.call("seatmap.subscribe", {"showingId": showing})
    pause = random.Random(11)
    labels = [f"{chr(65 + row)}{number}" for row in range(20) for number in range(1, 21)]
    latencies, holds = [], {}
    for change in range(changes):
        label = labels[(change // 2) % len(labels)]
        time.sleep(pause.uniform(0, interval_ms / 1000))
        sent = time.perf_counter()
        if change % 2 == 0:
            holds[label] = writer.call("booking.hold", {"showingId": showing, "userId": "bench", "seats": [label]})["id"]
            wanted = "held"
        else:
            writer.call("booking.cancel", {"bookingId": holds.pop(label), "userId": "bench"})
            wanted = "available"
        while True:
            message = kiosk.read()
            seats = message.get("params", {}).get("seats", [])
            if any(seat["label"] == label and seat["status"] == wanted for seat in seats):
                latencies.append((time.perf_counter() - sent) * 1000)
                break
    writer.close()
    kiosk.close()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"\nlive seat maps, --watch-interval-ms {interval_ms}: commit in process A to seatmap.changed read "
          f"by a client of B, {len(latencies)} changes")
    print(f"{'  median':46} {statistics.median(latencies):8.1f} ms")
    print(f"{'  p99':46} {p99:8.1f} ms")
    print(f"{'  max':46} {latencies[-1]:8.1f} ms")

    if not os.path.exists("/proc/self/stat"):
        print("idle CPU: needs /proc (Linux)")
        return
    for subscriptions in (10, 0):
        idle = Client(binary, database)
        for _ in range(subscriptions):
            idle.call("seatmap.subscribe", {"showingId": showing})
        idle.call("server.info", {})
        before = idle.cpu_seconds()
        time.sleep(idle_seconds)
        used = idle.cpu_seconds() - before
        idle.close()
        print(f"{'idle process, %d subscriptions' % subscriptions:46} {used / idle_seconds * 100:8.2f} % of a core "
              f"over {idle_seconds:.0f} s")


if __name__ == "__main__":
    main()
