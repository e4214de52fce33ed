#!/usr/bin/env python3
"""boxoffice's speed in one table, measured through the real binary as clients use it.

    swift build -c release
    python3 Benchmarks/boxoffice_bench.py [--quick] [--markdown] [--binary PATH] [--postgres URL]
                                          [--idle-seconds S]

Every figure comes from `boxoffice serve` processes spawned on fresh databases in a
temporary directory, fed over stdin and read on stdout as any client would. Throughput
figures are pipelined: a writer thread pours the requests in while the main thread counts
answer lines, parsing only the first and the last (and spotting error answers by their
bytes), so the Python client is never what is measured. Each process answers a
`server.info` before its clock starts, so process start is not in a rate.

The floor the figures are set against is Benchmarks/sqlite_baseline.c, the same work
straight on SQLite's C API with a minimal schema, compiled here with `cc -O2 ... -lsqlite3`
(its rows read "unavailable" when there is no C compiler or no SQLite header).

No process runs with `--deterministic`: counted ids would skip the random UUIDs a real
client pays for, and live seat maps need the real clock.

It prints figures and the issue's targets beside them; it asserts nothing, so a slow or
busy machine fails nothing. `--quick` runs a few of everything (the test suite runs it
on the debug build so that the script cannot rot); the full run takes about a minute
and a half on two cores. `--idle-seconds S` adds the CPU that idle processes use
(holding 10 live seat map subscriptions, and none), over S seconds each.
"""
import argparse
import json
import os
import platform
import random
import re
import select
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import pgbench_floor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# How much of each thing a run does: (full, quick).
SIZES = {
    "rounds": (2, 1),  # rounds of each boxoffice figure and its C floor; the best counts
    "bookings": (3000, 120),  # pipelined booking.create per durability and round
    "c_bookings_full": (3000, 300),  # the C floor at FULL (fsync-bound)
    "c_bookings_normal": (20000, 1000),  # the C floor at NORMAL
    "seatmaps": (1500, 30),  # pipelined seatmap.get
    "c_seatmaps": (2000, 200),  # the C floor's seat map query
    "best": (2000, 30),  # pipelined seats.bestAvailable
    "latency": (200, 6),  # live seat map changes timed from process A to process B
    "spawns": (21, 3),  # process starts timed to their first answer, alternated with --version
    "rss_bookings": (100000, 1000),  # bookings before peak RSS and bytes on disk are read
    "pg_bookings": (2000, 60),  # pipelined booking.create on PostgreSQL
    "pg_seatmaps": (500, 20),  # pipelined seatmap.get on PostgreSQL
    "pg_best": (1000, 20),  # pipelined seats.bestAvailable on PostgreSQL
    "pg_latency": (200, 6),  # live seat map changes on PostgreSQL, timed from A to B
    "pg_together": (1000, 40),  # pipelined booking.create per process, 8 processes at once
    "pgbench_bookings": (2000, 80),  # pgbench bookings per script and client count
    "pgbench_seatmaps": (2000, 100),  # pgbench runs of the seat map query
}

# A 400-seat screen: 20 rows of 20 seats, an aisle after the tenth.
ROWS_400 = [f"{chr(65 + row)}: " + "R" * 10 + "." + "R" * 10 for row in range(20)]
# A 2,000-seat screen: 40 rows of 50 seats, an aisle after the 25th.
ROWS_2000 = [f"{chr(65 + row // 26)}{chr(65 + row % 26)}: " + "R" * 25 + "." + "R" * 25 for row in range(40)]
BOOKINGS_PER_SHOWING = 200  # 2 seats each fill a 400-seat showing

# The rows of the table, in order. Tests/GoldenTests/BenchmarkTests.swift holds the
# quick run to exactly these labels.
ROWS = [
    "booking.create/s, 2 seats, --durability full",
    "booking.create/s, 2 seats, --durability normal",
    "C API bookings/s, a transaction each, FULL",
    "C API bookings/s, a transaction each, NORMAL",
    "boxoffice / C API, FULL (x)",
    "boxoffice / C API, NORMAL (x)",
    "seatmap.get/s, 400 seats, a third taken",
    "C API seat map query/s, the same seats",
    "seatmap.get / C API query (x)",
    "seatmap.get/s, each for another user (none reused)",
    "seatmap.get, none reused / C API query (x)",
    "seats.bestAvailable/s, 2,000 seats, half taken",
    "seatmap.changed latency, A to B, median (ms)",
    "seatmap.changed latency, A to B, p99 (ms)",
    "spawn to first answer, median (ms)",
    "boxoffice --version, median (ms)",
    "spawn to first answer / --version (x)",
    "peak RSS after the bookings (MiB)",
    "bytes on disk per booking",
]
POSTGRES_ROWS = [
    "PostgreSQL booking.create/s, 2 seats",
    "PostgreSQL / SQLite booking.create, durable (x)",
    "PostgreSQL seatmap.get/s, 400 seats, a third taken",
    "PostgreSQL seatmap.get/s, each for another user (none reused)",
    "PostgreSQL / SQLite seatmap.get (x)",
    "PostgreSQL seats.bestAvailable/s, 2,000 seats, half taken",
    "PostgreSQL seatmap.changed latency, A to B, median (ms)",
    "PostgreSQL seatmap.changed latency, A to B, p99 (ms)",
    "PostgreSQL booking.create/s, 8 processes at once",
    "pgbench bookings/s, 6 statements, 1 client",
    "pgbench bookings/s, 1 statement, 1 client",
    "pgbench bookings/s, 6 statements, 8 clients",
    "pgbench bookings/s, 1 statement, 8 clients",
    "boxoffice / pgbench 6 statements, 1 client (x)",
    "boxoffice / pgbench 1 statement, 1 client (x)",
    "boxoffice / pgbench 6 statements, 8 clients (x)",
    "boxoffice / pgbench 1 statement, 8 clients (x)",
    "pgbench seat map query/s, the same seats",
    "PostgreSQL seatmap.get, none reused / pgbench query (x)",
]
IDLE_ROWS = [
    "idle CPU, 10 subscriptions (% of a core)",
    "idle CPU, no subscriptions (% of a core)",
]
UNAVAILABLE = "unavailable"


class BenchError(Exception):
    """A step that could not be measured; its message says why."""


def request(method, params, request_id):
    """One request line, as bytes."""
    return (json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}) + "\n").encode()


class Server:
    """One `boxoffice serve` process and its client end: calls, pipelines, /proc figures."""

    # An error answer starts so, keys being sorted; a result never holds these bytes.
    ERROR_BYTES = b'"error":{"code":'

    def __init__(self, binary, database, scratch, *flags):
        descriptor, self.stderr_path = tempfile.mkstemp(prefix="stderr-", dir=scratch)
        with os.fdopen(descriptor, "wb") as stderr:
            self.process = subprocess.Popen([binary, "serve", "--db", database, *flags], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=stderr, bufsize=0, cwd=scratch)
        self.input = self.process.stdin.fileno()
        self.output = self.process.stdout.fileno()
        self.buffer = b""
        self.next_id = 0

    def stderr(self):
        """What the process has written on stderr so far."""
        with open(self.stderr_path, errors="replace") as stderr:
            return stderr.read().strip()

    def _gone(self):
        """The error for a process that stopped reading or answering: the first line it
        said on stderr (a refused --db, say), or its exit status."""
        status = self.process.wait()
        said = self.stderr().splitlines()
        return BenchError(said[0] if said else f"boxoffice stopped answering (exit {status})")

    def _fill(self, deadline=None):
        if deadline is not None:
            ready, _, _ = select.select([self.output], [], [], max(0, deadline - time.monotonic()))
            if not ready:
                raise BenchError("boxoffice said nothing in time")
        chunk = os.read(self.output, 1 << 20)
        if not chunk:
            raise self._gone()
        self.buffer += chunk

    def line(self, deadline=None):
        """The next line on stdout, without its newline; BenchError when none has come by
        `deadline` (time.monotonic()), if one is given."""
        while b"\n" not in self.buffer:
            self._fill(deadline)
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line

    def message(self, deadline=None):
        """The next message on stdout, parsed."""
        return json.loads(self.line(deadline))

    def send(self, method, params):
        """Writes one request; answers its id."""
        self.next_id += 1
        self._write(request(method, params, self.next_id))
        return self.next_id

    def _write(self, data):
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self.input, view):]
        except BrokenPipeError:
            raise self._gone() from None

    def _pour(self, data):
        """`_write` for a writer thread: a process that went away is reported by the
        reader, which finds its output ended."""
        try:
            self._write(data)
        except BenchError:
            pass

    def call(self, method, params):
        """The result of one request; notifications read before its answer are dropped."""
        request_id = self.send(method, params)
        while True:
            message = self.message()
            if message.get("id") == request_id:
                if "result" not in message:
                    raise BenchError(f"{method} failed: {json.dumps(message['error'])[:300]}")
                return message["result"]

    def calls(self, requests):
        """The results of (method, params) pairs, pipelined; any error answer raises."""
        lines = []
        for method, params in requests:
            self.next_id += 1
            lines.append(request(method, params, self.next_id))
        writer = threading.Thread(target=self._pour, args=(b"".join(lines),))
        writer.start()
        results = []
        for method, _ in requests:
            message = self.message()
            if "result" not in message:
                writer.join()
                raise BenchError(f"{method} failed: {json.dumps(message.get('error'))[:300]}")
            results.append(message["result"])
        writer.join()
        return results

    def pipeline(self, lines):
        """Pours request `lines` (bytes, each with its newline and an id) in from a writer
        thread and reads as many answer lines; parses only the first and the last, and
        finds error answers by their bytes. Answers the seconds from the first byte
        written to the last answer read."""
        count = len(lines)
        data = b"".join(lines)
        writer = threading.Thread(target=self._pour, args=(data,))
        start = time.perf_counter()
        writer.start()
        samples = [self.line()]
        errors, tail, left = 0, b"", count - 2
        while left > 0:
            if not self.buffer:
                self._fill()
            chunk, self.buffer = self.buffer, b""
            newlines = chunk.count(b"\n")
            if newlines >= left:  # the chunk may run into the last answer: keep that for below
                cut = -1
                for _ in range(left):
                    cut = chunk.index(b"\n", cut + 1)
                chunk, self.buffer = chunk[:cut + 1], chunk[cut + 1:]
                newlines = left
            errors += (tail + chunk).count(self.ERROR_BYTES)
            tail = chunk[-(len(self.ERROR_BYTES) - 1):]
            left -= newlines
        if count > 1:
            samples.append(self.line())
        seconds = time.perf_counter() - start
        writer.join()
        for sample in samples:
            message = json.loads(sample)
            if "result" not in message:
                raise BenchError(f"an error answer: {sample[:300].decode(errors='replace')}")
        if errors:
            raise BenchError(f"{errors} of {count} answers were errors")
        return seconds

    def peak_rss_mib(self):
        """VmHWM, the most memory the process has held, from /proc (Linux)."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise BenchError("no VmHWM in /proc/PID/status")

    def cpu_seconds(self):
        """The CPU time the process has used so far, user and system, from /proc (Linux)."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self):
        """Ends stdin and waits for a clean exit (0); raises with stderr otherwise."""
        self.process.stdin.close()
        self.process.stdout.close()
        status = self.process.wait()
        said = self.stderr()
        if status != 0:
            raise BenchError(f"boxoffice exited {status}: {said[:300]}")
        if said:
            print(f"boxoffice said on stderr: {said[:300]}", file=sys.stderr)

    def kill(self):
        """Ends a process that a failed step left running."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def started(binary, database, scratch, *flags):
    """A serving process that has answered `server.info` (so its start is behind it);
    answers it and that answer."""
    server = Server(binary, database, scratch, *flags)
    try:
        return server, server.call("server.info", {})
    except BenchError:
        server.kill()
        raise


def make_showings(server, rows, count):
    """A movie, a theater with one screen of `rows`, and `count` showings on it, three
    hours apart from 2099 on; answers their ids."""
    tag = os.urandom(4).hex()  # a shared PostgreSQL database may hold earlier runs' catalogs
    movie = server.call("movies.create", {"title": f"Bench {tag}", "durationMinutes": 100})
    theater = server.call("theaters.create", {"name": f"Bench {tag}", "screens": [{"name": "S", "layout": rows}]})
    screen = theater["screens"][0]["id"]
    requests = []
    for index in range(count):
        day, hour = divmod(index * 3, 24)
        month, day = divmod(day, 28)
        starts = f"{2099 + month // 12}-{month % 12 + 1:02}-{day + 1:02}T{hour:02}:00:00Z"
        requests.append(("showings.create", {"movieId": movie["id"], "screenId": screen, "startsAt": starts,
                                             "currency": "EUR", "prices": {"regular": 1000}}))
    return [showing["id"] for showing in server.calls(requests)]


def booking_lines(showings, count):
    """`count` booking.create lines of 2 seats each, 200 to a 400-seat showing, ids from 1."""
    lines = []
    for index in range(count):
        showing = showings[index // BOOKINGS_PER_SHOWING]
        seat = 2 * (index % BOOKINGS_PER_SHOWING)
        row, number = chr(65 + seat // 20), seat % 20 + 1
        lines.append(('{"jsonrpc":"2.0","id":%d,"method":"booking.create","params":{"showingId":"%s","userId":"u%d",'
                      '"seats":["%s%d","%s%d"]}}\n' % (index + 1, showing, index, row, number, row, number + 1))
                     .encode())
    return lines


def showings_for(count):
    """How many 400-seat showings `count` 2-seat bookings fill."""
    return -(-count // BOOKINGS_PER_SHOWING)


def bookings_per_second(binary, database, scratch, count, *flags):
    """Pipelined 2-seat booking.create per second on fresh showings of a 400-seat screen."""
    server, _ = started(binary, database, scratch, *flags)
    try:
        lines = booking_lines(make_showings(server, ROWS_400, showings_for(count)), count)
        seconds = server.pipeline(lines)
        server.close()
    finally:
        server.kill()
    return count / seconds



def bookings_together(binary, database, scratch, processes, per_process):
    """Durable bookings per second of `processes` serving processes pipelining
    `per_process` 2-seat bookings each at once, on showings of their own: all the bookings
    over the time from the first request sent to the last answer read."""
    servers = []
    try:
        work = []
        for _ in range(processes):
            server, _ = started(binary, database, scratch)
            servers.append(server)
            work.append(booking_lines(make_showings(server, ROWS_400, showings_for(per_process)), per_process))
        gate = threading.Barrier(processes + 1)
        failures = []

        def run(server, lines):
            gate.wait()
            try:
                server.pipeline(lines)
            except (BenchError, OSError) as error:
                failures.append(error)

        threads = [threading.Thread(target=run, args=(server, lines)) for server, lines in zip(servers, work)]
        for thread in threads:
            thread.start()
        gate.wait()
        start = time.perf_counter()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - start
        if failures:
            raise failures[0]
        for server in servers:
            server.close()
        return processes * per_process / seconds
    finally:
        for server in servers:
            server.kill()

def third_taken(server, showing):
    """Books every third seat of a 400-seat showing (134 seats), two to a booking."""
    labels = [f"{chr(65 + seat // 20)}{seat % 20 + 1}" for seat in range(0, 400, 3)]
    server.calls([("booking.create", {"showingId": showing, "userId": f"t{index}", "seats": labels[index:index + 2]})
                  for index in range(0, len(labels), 2)])


def seatmaps_per_second(binary, database, scratch, count, fresh=False):
    """Pipelined seatmap.get per second on a 400-seat showing with a third of it booked.
    With `fresh`, each request names another user, so no answer can be reused: every one
    is read and encoded anew (the cost of a seat map right after a change)."""
    server, _ = started(binary, database, scratch)
    try:
        showing = make_showings(server, ROWS_400, 1)[0]
        third_taken(server, showing)
        user = ',"userId":"kiosk-%d"' if fresh else ''
        line = '{"jsonrpc":"2.0","id":%d,"method":"seatmap.get","params":{"showingId":"' + showing + '"' + user + '}}\n'
        seconds = server.pipeline([(line % ((index + 1, index) if fresh else (index + 1))).encode()
                                   for index in range(count)])
        server.close()
    finally:
        server.kill()
    return count / seconds


def best_per_second(binary, database, scratch, count):
    """Pipelined seats.bestAvailable per second, groups of 2 to 6, on a 2,000-seat screen
    with half its seats blocked at random (seeded)."""
    server, _ = started(binary, database, scratch)
    try:
        showing = make_showings(server, ROWS_2000, 1)[0]
        labels = [f"{row.split(':')[0]}{number}" for row in ROWS_2000 for number in range(1, 51)]
        taken = random.Random(7).sample(labels, 1000)
        server.calls([("seats.block", {"showingId": showing, "seats": taken[start:start + 50]})
                      for start in range(0, 1000, 50)])
        seconds = server.pipeline([request("seats.bestAvailable", {"showingId": showing, "count": 2 + index % 5},
                                           index + 1) for index in range(count)])
        server.close()
    finally:
        server.kill()
    return count / seconds


def live_latency(binary, database, scratch, samples, interval_ms=100):
    """Two processes on one file: a kiosk subscribed through B, and A holding and
    cancelling seats one change at a time, each after a random pause shorter than the
    watch interval (so changes fall anywhere in B's polling cycle). Each latency runs
    from writing the request to A (its commit included) to reading in B's client the
    `seatmap.changed` that names the seat. Answers (median, p99) in milliseconds."""
    writer, _ = started(binary, database, scratch)
    kiosk = None
    try:
        showing = make_showings(writer, ROWS_400, 1)[0]
        kiosk, _ = started(binary, database, scratch, "--watch-interval-ms", str(interval_ms))
        kiosk.call("seatmap.subscribe", {"showingId": showing})
        pause = random.Random(11)
        latencies, holds = [], {}
        for change in range(samples):
            label = f"{chr(65 + change // 40 % 20)}{change // 2 % 20 + 1}"
            time.sleep(pause.uniform(0, interval_ms / 1000))
            sent = time.perf_counter()
            if change % 2 == 0:
                holds[label] = writer.call("booking.hold", {"showingId": showing, "userId": "bench",
                                                            "seats": [label]})["id"]
                wanted = "held"
            else:
                writer.call("booking.cancel", {"bookingId": holds.pop(label), "userId": "bench"})
                wanted = "available"
            deadline = time.monotonic() + 5  # the contract says 250 ms: 5 s is a lost change
            while True:
                message = kiosk.message(deadline)
                seats = message.get("params", {}).get("seats", [])
                if any(seat["label"] == label and seat["status"] == wanted for seat in seats):
                    latencies.append((time.perf_counter() - sent) * 1000)
                    break
        writer.close()
        kiosk.close()
    finally:
        writer.kill()
        if kiosk:
            kiosk.kill()
    latencies.sort()
    return statistics.median(latencies), latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]


def idle_cpu(binary, database, scratch, seconds):
    """The CPU an idle process uses, in % of a core over `seconds`, holding 10 live seat
    map subscriptions and holding none (from /proc/PID/stat, Linux only)."""
    writer, _ = started(binary, database, scratch)
    try:
        showing = make_showings(writer, ROWS_400, 1)[0]
        writer.close()
    finally:
        writer.kill()
    figures = []
    for subscriptions in (10, 0):
        idle, _ = started(binary, database, scratch)
        try:
            for _ in range(subscriptions):
                idle.call("seatmap.subscribe", {"showingId": showing})
            before = idle.cpu_seconds()
            time.sleep(seconds)
            figures.append((idle.cpu_seconds() - before) / seconds * 100)
            idle.close()
        finally:
            idle.kill()
    return figures


def spawn_ms(binary, database, scratch, spawns):
    """Milliseconds from spawning `serve` on an existing database to reading its answer
    to `server.info`, and from spawning `boxoffice --version` to its exit: the medians of
    `spawns` starts of each, alternated, so that both see the same machine."""
    started(binary, database, scratch)[0].close()  # the file exists and is migrated
    serving, version = [], []
    for _ in range(spawns):
        start = time.perf_counter()
        server = Server(binary, database, scratch)
        try:
            server.send("server.info", {})
            server.line()
            serving.append((time.perf_counter() - start) * 1000)
            server.close()
        finally:
            server.kill()
        start = time.perf_counter()
        subprocess.run([binary, "--version"], stdout=subprocess.DEVNULL, check=True)
        version.append((time.perf_counter() - start) * 1000)
    return statistics.median(serving), statistics.median(version)


def disk_bytes(database):
    """The database's bytes on disk after a checkpoint that empties its WAL."""
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return sum(os.path.getsize(database + suffix) for suffix in ("", "-wal") if os.path.exists(database + suffix))


def long_run(binary, database, scratch, count):
    """`count` pipelined bookings in one process (at --durability normal: memory and bytes
    on disk do not depend on it, and the run is shorter), on showings made by an earlier
    process. Answers (peak RSS in MiB, read before stdin closes; bytes on disk per
    booking, the growth of the checkpointed file over the bookings)."""
    server, _ = started(binary, database, scratch)
    try:
        showings = make_showings(server, ROWS_400, showings_for(count))
        server.close()
    finally:
        server.kill()
    before = disk_bytes(database)
    server, _ = started(binary, database, scratch, "--durability", "normal")
    try:
        server.pipeline(booking_lines(showings, count))
        peak = server.peak_rss_mib() if os.path.exists("/proc/self/status") else None
        server.close()
    finally:
        server.kill()
    return peak, (disk_bytes(database) - before) / count


def compile_baseline(scratch):
    """Compiles sqlite_baseline.c; answers its path, or the reason it cannot be had."""
    compiler = shutil.which(os.environ.get("CC", "cc"))
    if not compiler:
        return None, f"no C compiler ({os.environ.get('CC', 'cc')}) on PATH"
    program = os.path.join(scratch, "sqlite_baseline")
    result = subprocess.run([compiler, "-O2", "-o", program, os.path.join(ROOT, "Benchmarks", "sqlite_baseline.c"),
                             "-lsqlite3"], capture_output=True, text=True)
    if result.returncode != 0:
        said = (result.stderr.strip().splitlines() or ["cc failed"])[0]
        return None, f"cannot compile Benchmarks/sqlite_baseline.c: {said}"
    return program, None


def baseline(program, scratch, *arguments):
    """Runs the C floor once; answers the rate it prints."""
    result = subprocess.run([program, arguments[0], os.path.join(scratch, "baseline.sqlite"), *arguments[1:]],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"sqlite_baseline {' '.join(arguments)}: {result.stderr.strip()}")
    return float(result.stdout.split()[1])


def postgres_figures(binary, url, scratch, sizes):
    """The same work with `--db URL`: durable bookings (`synchronous_commit` on), seat
    maps (kept and fresh), best available and the live seat map latency (LISTEN/NOTIFY
    between two processes). Every step makes showings of its own, so the database may
    hold earlier runs. A figure the binary cannot give (a build without the PostgreSQL
    store refuses the URL, a server that is down) is Unavailable, with the first line it
    said; the password never shows."""
    password = urllib.parse.urlsplit(url).password
    steps = (
        ("bookings", lambda: bookings_per_second(binary, url, scratch, sizes["pg_bookings"])),
        ("seatmaps", lambda: seatmaps_per_second(binary, url, scratch, sizes["pg_seatmaps"])),
        ("fresh", lambda: seatmaps_per_second(binary, url, scratch, sizes["pg_seatmaps"], fresh=True)),
        ("best", lambda: best_per_second(binary, url, scratch, sizes["pg_best"])),
        ("latency", lambda: live_latency(binary, url, scratch, sizes["pg_latency"])),
        ("together", lambda: bookings_together(binary, url, scratch, 8, sizes["pg_together"])),
        ("pgbench", lambda: pgbench_figures(binary, url, scratch, sizes)),
    )
    figures = {}
    for name, measure in steps:
        try:
            figures[name] = measure()
        except (BenchError, OSError) as error:
            reason = str(error).replace(url, shown_url(url))
            figures[name] = Unavailable(reason.replace(password, "***") if password else reason)
    latency = figures["latency"]
    figures["median"], figures["p99"] = (latency, latency) if isinstance(latency, Unavailable) else latency
    floor = figures.pop("pgbench")
    for key in ("6x1", "1x1", "6x8", "1x8", "seatmap"):
        figures[key] = floor if isinstance(floor, Unavailable) else floor[key]
    return figures


def pgbench_figures(binary, url, scratch, sizes):
    """pgbench -M prepared doing boxoffice's work on the same database: the booking as 6
    statements and as 1, at 1 and at 8 clients, on fresh showings boxoffice made; and the
    seat map query on a showing with a third of it booked."""
    count = sizes["pgbench_bookings"]
    server, _ = started(binary, url, scratch)
    try:
        pairs = pgbench_floor.prepare_pairs(url, make_showings(server, ROWS_400, 4 * showings_for(count)))
        if pairs < 4 * count:
            raise BenchError(f"only {pairs} seat pairs for pgbench")
        showing = make_showings(server, ROWS_400, 1)[0]
        third_taken(server, showing)
        server.close()
    finally:
        server.kill()
    try:
        # Booking numbers and ids are unique: each run's carry a tag of their own.
        tag = {"run": os.urandom(4).hex()}
        figures = {f"{form}x{clients}": pgbench_floor.rate(url, f"booking_{form}.sql", clients, count, tag)
                   for clients in (1, 8) for form in (6, 1)}
        figures["seatmap"] = pgbench_floor.rate(url, "seatmap.sql", 1, sizes["pgbench_seatmaps"],
                                                {"showing": showing.replace("-", "")})
    except pgbench_floor.FloorError as error:
        raise BenchError(str(error)) from error
    return figures


def postgres_rows(figures, sqlite_rows, sizes):
    """The PostgreSQL rows of the table, each rate beside SQLite's as a ratio."""
    def sqlite_figure(label):
        for cells in sqlite_rows:
            if cells[0] == label and cells[1] != UNAVAILABLE:
                return float(cells[1].replace(",", ""))
        return Unavailable("no SQLite figure")

    changes = f"{sizes['pg_latency']:,} changes"
    return [
        row(POSTGRES_ROWS[0], figures["bookings"], over=f"{sizes['pg_bookings']:,} bookings"),
        row(POSTGRES_ROWS[1], ratio(figures["bookings"], sqlite_figure(ROWS[0])), 2),
        row(POSTGRES_ROWS[2], figures["seatmaps"], over=f"{sizes['pg_seatmaps']:,} requests"),
        row(POSTGRES_ROWS[3], figures["fresh"], over=f"{sizes['pg_seatmaps']:,} requests"),
        row(POSTGRES_ROWS[4], ratio(figures["seatmaps"], sqlite_figure(ROWS[6])), 2),
        row(POSTGRES_ROWS[5], figures["best"], over=f"{sizes['pg_best']:,} requests"),
        row(POSTGRES_ROWS[6], figures["median"], 1, changes, ("<", 250, " ms (the contract)")),
        row(POSTGRES_ROWS[7], figures["p99"], 1, changes, ("<", 250, " ms (the contract)")),
        row(POSTGRES_ROWS[8], figures["together"], over=f"8 x {sizes['pg_together']:,} bookings"),
        row(POSTGRES_ROWS[9], figures["6x1"], over=f"{sizes['pgbench_bookings']:,} transactions"),
        row(POSTGRES_ROWS[10], figures["1x1"], over=f"{sizes['pgbench_bookings']:,} transactions"),
        row(POSTGRES_ROWS[11], figures["6x8"], over=f"{sizes['pgbench_bookings']:,} transactions"),
        row(POSTGRES_ROWS[12], figures["1x8"], over=f"{sizes['pgbench_bookings']:,} transactions"),
        row(POSTGRES_ROWS[13], ratio(figures["bookings"], figures["6x1"]), 2),
        row(POSTGRES_ROWS[14], ratio(figures["bookings"], figures["1x1"]), 2, target=(">=", 0.8, "")),
        row(POSTGRES_ROWS[15], ratio(figures["together"], figures["6x8"]), 2),
        row(POSTGRES_ROWS[16], ratio(figures["together"], figures["1x8"]), 2, target=(">=", 1, "")),
        row(POSTGRES_ROWS[17], figures["seatmap"], over=f"{sizes['pgbench_seatmaps']:,} queries"),
        row(POSTGRES_ROWS[18], ratio(figures["fresh"], figures["seatmap"]), 2, target=(">=", 1, "")),
    ]


def shown_url(url):
    """The URL without its password."""
    return re.sub(r"//([^:/@]*):[^@/]*@", r"//\1@", url)


class Unavailable:
    """A figure that could not be had, and why (no C compiler, a refused URL, no /proc)."""

    def __init__(self, reason):
        self.reason = reason


def ratio(numerator, denominator):
    """numerator / denominator, unless one of them could not be had."""
    for value in (numerator, denominator):
        if isinstance(value, Unavailable):
            return Unavailable(value.reason)
    return numerator / denominator


def row(label, value, digits=0, over="", target=None):
    """A row of the table: (what, figure, over, target). `target` is (">=" or "<", bound,
    unit); it is printed with whether the figure meets it. An unavailable figure reads
    "unavailable", and its reason stands in the last column."""
    if isinstance(value, Unavailable):
        return (label, UNAVAILABLE, "", value.reason)
    aim = ""
    if target:
        sense, bound, unit = target
        met = value >= bound if sense == ">=" else value < bound
        aim = f"{sense} {bound:,}{unit}: {'met' if met else 'not yet'}"
    return (label, f"{value:,.{digits}f}", over, aim)


def best_of(rounds, boxoffice, floor):
    """The best rate of `boxoffice(turn)` and of `floor()` (None: no floor) over
    `rounds` rounds, each floor measured right before its boxoffice figure: on a shared
    machine the disk's speed drifts, and a ratio is fair only between neighbours."""
    ours, theirs = [], []
    for turn in range(rounds):
        if floor:
            theirs.append(floor())
        ours.append(boxoffice(turn))
    return max(ours), max(theirs) if theirs else None


def measure(args, sizes, scratch):
    """Every SQLite figure; answers the table's rows."""
    binary, rounds = args.binary, sizes["rounds"]

    def path(name):  # each step has a fresh database file of its own
        return os.path.join(scratch, name)

    def over(key, what):
        best = f"best of {rounds} x " if rounds > 1 else ""
        return f"{best}{sizes[key]:,} {what}"

    program, missing = compile_baseline(scratch)

    def floor(*arguments):
        return (lambda: baseline(program, scratch, *arguments)) if program else None

    full, c_full = best_of(rounds, lambda turn: bookings_per_second(
        binary, path(f"full{turn}.sqlite"), scratch, sizes["bookings"], "--durability", "full"),
        floor("bookings", "full", str(sizes["c_bookings_full"])))
    normal, c_normal = best_of(rounds, lambda turn: bookings_per_second(
        binary, path(f"normal{turn}.sqlite"), scratch, sizes["bookings"], "--durability", "normal"),
        floor("bookings", "normal", str(sizes["c_bookings_normal"])))
    maps, c_maps = best_of(rounds, lambda turn: seatmaps_per_second(
        binary, path(f"seatmap{turn}.sqlite"), scratch, sizes["seatmaps"]),
        floor("seatmap", str(sizes["c_seatmaps"])))
    fresh_maps = max(seatmaps_per_second(binary, path(f"fresh{turn}.sqlite"), scratch, sizes["seatmaps"], fresh=True)
                     for turn in range(rounds))
    if not program:
        c_full = c_normal = c_maps = Unavailable(missing)
    best = best_per_second(binary, path("best.sqlite"), scratch, sizes["best"])
    median, p99 = live_latency(binary, path("live.sqlite"), scratch, sizes["latency"])
    spawn, version = spawn_ms(binary, path("spawn.sqlite"), scratch, sizes["spawns"])
    peak, per_booking = long_run(binary, path("long.sqlite"), scratch, sizes["rss_bookings"])
    if peak is None:
        peak = Unavailable("needs /proc (Linux)")

    changes, long = f"{sizes['latency']:,} changes", f"{sizes['rss_bookings']:,} bookings"
    full_row = row(ROWS[0], full, over=over("bookings", "bookings"))
    if isinstance(c_full, Unavailable):
        full_row = full_row[:3] + (">= 3x C FULL",)
    else:
        full_row = full_row[:3] + (f">= {3 * c_full:,.0f} (3x C FULL): {'met' if full >= 3 * c_full else 'not yet'}",)
    return [
        full_row,
        row(ROWS[1], normal, over=over("bookings", "bookings")),
        row(ROWS[2], c_full, over=over("c_bookings_full", "bookings")),
        row(ROWS[3], c_normal, over=over("c_bookings_normal", "bookings")),
        row(ROWS[4], ratio(full, c_full), 2, target=(">=", 3, "")),
        row(ROWS[5], ratio(normal, c_normal), 2),
        row(ROWS[6], maps, over=over("seatmaps", "requests")),
        row(ROWS[7], c_maps, over=over("c_seatmaps", "queries")),
        row(ROWS[8], ratio(maps, c_maps), 2, target=(">=", 1, "")),
        row(ROWS[9], fresh_maps, over=over("seatmaps", "requests")),
        row(ROWS[10], ratio(fresh_maps, c_maps), 2),
        row(ROWS[11], best, over=f"{sizes['best']:,} requests"),
        row(ROWS[12], median, 1, changes, ("<", 250, " ms (the contract)")),
        row(ROWS[13], p99, 1, changes, ("<", 250, " ms (the contract)")),
        row(ROWS[14], spawn, 1, f"{sizes['spawns']:,} starts", ("<", 15, " ms")),
        row(ROWS[15], version, 1, f"{sizes['spawns']:,} starts, alternated"),
        row(ROWS[16], ratio(spawn, version), 2, target=("<", 1.3, "")),
        row(ROWS[17], peak, 1, long, ("<", 50, " MiB")),
        row(ROWS[18], per_booking, 0, long, ("<", 500, " B")),
    ]


def printed(rows, markdown):
    """The table as text: aligned columns, or Markdown to paste into the README."""
    header = ("what", "figure", "over", "target")
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "| --- | ---: | --- | --- |"]
        lines += ["| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |" for cells in rows]
        return "\n".join(lines)
    widths = [max(len(cells[column]) for cells in [header, *rows]) for column in range(3)]
    lines = []
    for cells in [header, *rows]:
        padded = [cells[0].ljust(widths[0]), cells[1].rjust(widths[1]), cells[2].ljust(widths[2]), cells[3]]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/boxoffice"),
                        help="the boxoffice binary (default: .build/release/boxoffice)")
    parser.add_argument("--quick", action="store_true", help="a few of everything: a check that it all runs")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--idle-seconds", type=float, default=0, metavar="S",
                        help="also measure the CPU of idle processes over S seconds each (Linux; default: skip)")
    parser.add_argument("--postgres", default=os.environ.get("BOXOFFICE_TEST_POSTGRES_URL"), metavar="URL",
                        help="also measure on this PostgreSQL database (default: $BOXOFFICE_TEST_POSTGRES_URL)")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    if not os.access(args.binary, os.X_OK):
        raise SystemExit(f"no boxoffice binary at {args.binary}: build it first (swift build -c release)")
    sizes = {key: value[1 if args.quick else 0] for key, value in SIZES.items()}

    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="boxoffice-bench-") as scratch:
        try:
            server, info = started(args.binary, os.path.join(scratch, "info.sqlite"), scratch)
            server.close()
            rows = measure(args, sizes, scratch)
            if args.idle_seconds > 0 and os.path.exists("/proc/self/stat"):
                over = f"{args.idle_seconds:g} s"
                busy, bare = idle_cpu(args.binary, os.path.join(scratch, "idle.sqlite"), scratch, args.idle_seconds)
                rows.append(row(IDLE_ROWS[0], busy, 2, over))
                rows.append(row(IDLE_ROWS[1], bare, 2, over))
            if args.postgres:
                postgres = postgres_figures(args.binary, args.postgres, scratch, sizes)
                rows += postgres_rows(postgres, rows, sizes)
        except BenchError as error:
            raise SystemExit(f"boxoffice_bench: {error}")

    binary = os.path.relpath(args.binary, ROOT) if args.binary.startswith(ROOT + os.sep) else args.binary
    print(f"boxoffice {info['version']} ({binary}), {'quick' if args.quick else 'full'} run of "
          f"{time.perf_counter() - began:.0f} s on {os.cpu_count()} cores, {platform.machine()}, "
          f"SQLite {info['database']['sqliteVersion']}")
    print()
    print(printed(rows, args.markdown))
    print()
    if args.postgres:
        print(f"PostgreSQL: {shown_url(args.postgres)}")
    else:
        print("PostgreSQL: skipped; give --postgres postgresql://user@host:port/db (or set "
              "BOXOFFICE_TEST_POSTGRES_URL) to measure it too.")


if __name__ == "__main__":
    main()
