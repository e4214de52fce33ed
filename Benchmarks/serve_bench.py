#!/usr/bin/env python3
"""Figures for boxoffice's hot paths, measured through the real binary as clients use it.

Build a release binary first, then run this script:

    swift build -c release
    python3 Benchmarks/serve_bench.py [--binary .build/release/boxoffice]

It makes a fresh database with one 400-seat screen (20 rows of 20 seats around an
aisle) and one showing, pipes batches of requests through `boxoffice serve`, and prints
the time per request with the cost of starting the process taken out. It prints figures;
it asserts nothing, so a slow or busy machine never fails anything.
"""
import argparse
import json
import os
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


if __name__ == "__main__":
    main()
