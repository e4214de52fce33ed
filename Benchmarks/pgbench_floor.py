"""PostgreSQL's own speed beside boxoffice's: `pgbench -M prepared` doing the same work
as boxoffice's durable 2-seat booking (Benchmarks/pgbench/booking_6.sql as six
statements, booking_1.sql as one) and its seat map query (seatmap.sql), on the database
boxoffice made, at 1 and at 8 clients. Used by boxoffice_bench.py --postgres."""

import os
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "pgbench")


class FloorError(Exception):
    """pgbench could not be run; the message says why."""


def pgbench():
    """The pgbench binary, or None."""
    return shutil.which("pgbench")


def psql(url, sql):
    """Runs SQL (statements separated by semicolons) with psql; answers its output."""
    result = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", url], input=sql,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise FloorError(f"psql: {result.stderr.strip()[:300]}")
    return result.stdout


def prepare_pairs(url, showing_ids):
    """Numbers the seat pairs of `showing_ids` (showings boxoffice made, all seats free)
    for the booking scripts; answers how many pairs there are."""
    values = ",".join(f"(decode('{showing.replace('-', '')}', 'hex'))" for showing in showing_ids)
    with open(os.path.join(SCRIPTS, "pairs.sql"), encoding="utf-8") as script:
        pairs = script.read()
    psql(url, "DROP TABLE IF EXISTS bench_showing; CREATE TABLE bench_showing (uuid bytea);"
              f"INSERT INTO bench_showing VALUES {values};" + pairs)
    return int(psql(url, "SELECT count(*) FROM bench_pair").strip())


def rate(url, script, clients, transactions, variables=None):
    """Transactions per second of `script` run by pgbench -M prepared with `clients`
    clients, `transactions` in all."""
    binary = pgbench()
    if not binary:
        raise FloorError("pgbench is not on PATH (apt-get install postgresql)")
    per_client = max(1, transactions // clients)
    command = [binary, "-n", "-M", "prepared", "-c", str(clients), "-j", str(clients), "-t", str(per_client),
               "-f", os.path.join(SCRIPTS, script)]
    for name, value in (variables or {}).items():
        command += ["-D", f"{name}={value}"]
    result = subprocess.run(command + [url], capture_output=True, text=True)
    found = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", result.stdout)
    if result.returncode != 0 or not found:
        said = (result.stderr.strip() or result.stdout.strip()).splitlines()
        raise FloorError(f"pgbench {script}: {said[-1] if said else 'failed'}")
    return float(found.group(1))

