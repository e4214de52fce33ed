#!/usr/bin/env python3
"""A property test of the boxoffice server, generated from the OpenRPC document it serves.

It starts the real binary (BOXOFFICE_BINARY, else .build/debug/boxoffice) as
`serve --db <fresh file> --demo --deterministic`, asks it for its OpenRPC document
(`rpc.discover`), and from that document builds a few thousand requests, written many at
a time (a round of 100 lines, then their 100 answers). Each method gets two kinds:

- VALID params: every param fits its schema ($refs resolved in `components`; required
  fields, types, enums, patterns, minimum/maximum, minLength/maxLength counted in code
  points, no unknown fields). Ids, seats (by id and by label), users and booking numbers
  are mostly real: learnt through the API (showings.list, theaters.list, movies.list,
  seatmap.get, and the bookings and cursors its own calls got back), so that success
  paths run and not only NOT_FOUND. Strings are full of what breaks servers: combining
  marks, flags and other emoji of several code points, CR LF, U+FFFF, U+10FFFF, RTL text.
  Integers reach the bounds, and past 2^63 where a schema has no maximum.
- INVALID params: clean valid ones with one mutation (a required field removed, a value
  of another JSON type, an unknown field, an integer past its minimum/maximum, a string
  past minLength/maxLength -- plain, or long in code points but short in graphemes -- a
  bad enum value, a U+0000 inside a string, a string that breaks its pattern or only its
  letter case, an array past minItems/maxItems, params as an array). The mutated field's
  path, in the server's notation (`seats[2]`, `expectedTotal.amount`,
  `screens[0].layout[1]`, `prices.regular`, "" for the params object), is known.

About 2.5% of the lines carry a lone surrogate (`\ud800`, written as an escape): those must
be answered -32700 with id null. Ids mix small and huge integers, decimals, exponents,
unicode strings and null.

Every answer must be one line of strict JSON, a JSON-RPC 2.0 response that echoes the id
(the same JSON text for a number, an equal string or null otherwise), and:
- a result fits the method's result schema (Draft 2020-12 with a `referencing` registry
  holding the document, so `#/components/schemas/...` resolves);
- an error is one the method lists in `errors`, with `data` that fits the documented
  schema; never -32603;
- an invalid mutation is -32602 whose `data.path` names the mutated field;
- valid params are not refused with -32602, except where the document's prose states a
  rule that a JSON Schema cannot (a seat named twice, `to` before `from`, a cursor that
  booking.list did not make, exactly one of bookingId and bookingNumber, ...); params that
  break such a rule must not get a result. A refusal because of a rule the schema could
  state and does not (a length written only in a description, a day such as 2030-02-30
  that the Timestamp pattern lets through) is reported as a "schema gap".

Lines the server sends on its own (a `method` and no `id`: seatmap.changed, after a
seatmap.subscribe it was sent) are set apart from the answers; each must be a method the
document marks `"x-sent-by": "server"`, with params that fit that method's params. Such
methods are never drawn as calls.

It also starts the binary once without --deterministic and checks that every method
rpc.discover lists there is served (no -32601).

Usage, from the repository root after `swift build` (3000 calls take a few seconds):

    python3 Tests/property_check.py [--seed N] [--calls N] [--document PATH] [--binary PATH]

The seed is --seed, else BOXOFFICE_PROPERTY_SEED, else 1; a fresh database is started every
500 calls so that showings stay open. The same seed and binary send the same requests, so a
failure replays with the command the report prints. --document PATH reads the OpenRPC
document from a file instead of rpc.discover. That is how to see the check fail on purpose,
with a scratch copy outside the repository whose Movie.title may be 1 character long:

    python3 -c 'import json; d = json.load(open("Schemas/openrpc.json")); \\
        d["components"]["schemas"]["Movie"]["properties"]["title"]["maxLength"] = 1; \\
        json.dump(d, open("/tmp/openrpc-mutated.json", "w"))'
    python3 Tests/property_check.py --calls 600 --document /tmp/openrpc-mutated.json

It then reports, for movies.create, movies.list and the booking methods, "result does not
fit its schema at #/components/schemas/Movie/properties/title/maxLength", with the
instance's JSON path ($.movie.title) and jsonschema's schema_path.

Exit status: 0 when every check passes; 1 with every distinct failure (grouped by method
and kind, with the seed and a few example request lines and answers each); 2 when it
cannot run at all. Needs only the standard library and jsonschema (4.18 or later).
"""

import argparse
import json
import os
import queue
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

try:  # The regular-expression parser: re._parser since Python 3.11, sre_parse before.
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse

try:
    import referencing
    from jsonschema import Draft202012Validator
    from referencing.jsonschema import DRAFT202012
except ImportError:  # pragma: no cover - the environment decides
    print("property_check: the python3 module jsonschema (4.18 or later) is needed: pip install jsonschema")
    sys.exit(2)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 1
DEFAULT_CALLS = 3000
SESSION_CALLS = 500  # a fresh database (and clock) every this many calls, so showings stay open
ROUND_CALLS = 100  # requests written before their answers are read
ANSWER_TIMEOUT = 60  # seconds to wait for the answers of one round
DOCUMENT_URI = "urn:boxoffice:openrpc"  # where the document sits in the schema registry
CLOCK_START = datetime(2030, 1, 1, tzinfo=timezone.utc)  # --deterministic's standing clock


# ---- JSON as the server wrote it -------------------------------------------------------------

class RawNumber(str):
    """A JSON number kept as the exact text of the answer, so that an id can be compared as text."""


class DuplicateKey(ValueError):
    pass


def _object_without_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constants(name):
    raise ValueError(f"{name} is not JSON")


def parse_answer(text, raw_numbers=False):
    """Parses strict JSON: no NaN or Infinity, no duplicate keys, no raw control characters."""
    hooks = {"parse_constant": _no_constants, "object_pairs_hook": _object_without_duplicates}
    if raw_numbers:
        hooks.update(parse_int=RawNumber, parse_float=RawNumber)
    return json.loads(text, **hooks)


def compact(value, ensure_ascii=False):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=ensure_ascii)


def join_path(base, key):
    """The server's path notation: `seats[2]`, `expectedTotal.amount`, `prices.12`."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key


def code_points(text):
    return len(text)  # a Python str is a sequence of code points


# ---- the document ----------------------------------------------------------------------------

class Document:
    """The OpenRPC document: its methods, and Draft 2020-12 validators whose `$ref`s resolve
    inside it (through a `referencing` registry that holds the document at DOCUMENT_URI)."""

    def __init__(self, document):
        self.document = document
        resource = referencing.Resource(contents=document, specification=DRAFT202012)
        self.registry = referencing.Registry().with_resource(DOCUMENT_URI, resource)
        self.methods = {method["name"]: method for method in document["methods"]}
        # What a client may call: not the notifications only the server sends.
        self.callable = sorted(name for name, method in self.methods.items() if method.get("x-sent-by") != "server")
        self.errors = {error["code"]: error for error in document["components"]["errors"].values()}
        self.validators = {}

    def at(self, pointer):
        """The node at a JSON pointer (`/components/schemas/Movie`)."""
        node = self.document
        for part in pointer.split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def resolve(self, pointer):
        """Follows `$ref`s from `pointer`; answers (schema, pointer of that schema, descriptions
        met on the way, nearest first)."""
        descriptions = []
        schema = self.at(pointer)
        while isinstance(schema, dict) and "$ref" in schema:
            if schema.get("description"):
                descriptions.append(schema["description"])
            pointer = schema["$ref"].removeprefix(DOCUMENT_URI)[1:]
            schema = self.at(pointer)
        if isinstance(schema, dict) and schema.get("description"):
            descriptions.append(schema["description"])
        return schema, pointer, descriptions

    def method_params(self, method):
        """(name, pointer of its schema, param object) for each param of `method`."""
        index = self.document["methods"].index(method)
        return [(param["name"], f"/methods/{index}/params/{position}/schema", param)
                for position, param in enumerate(method["params"])]

    def validator(self, pointer):
        """A validator of the schema at `pointer`."""
        if pointer not in self.validators:
            schema = {"$ref": f"{DOCUMENT_URI}#{pointer}"}
            self.validators[pointer] = Draft202012Validator(schema, registry=self.registry)
        return self.validators[pointer]

    def params_validator(self, method):
        """A validator of a whole params object: the params as properties, `required` as
        the document marks them, nothing else allowed."""
        key = ("params", method["name"])
        if key not in self.validators:
            params = self.method_params(method)
            schema = {
                "type": "object",
                "properties": {name: {"$ref": f"{DOCUMENT_URI}#{pointer}"} for name, pointer, _ in params},
                "required": [name for name, _, param in params if param.get("required")],
                "additionalProperties": False,
            }
            self.validators[key] = Draft202012Validator(schema, registry=self.registry)
        return self.validators[key]

    def result_pointer(self, method):
        return f"/methods/{self.document['methods'].index(method)}/result/schema"

    def method_codes(self, method):
        """The error codes a method lists, with its `$ref`s to components.errors resolved."""
        codes = {}
        for error in method.get("errors", []):
            if "$ref" in error:
                error = self.at(error["$ref"][1:])
            codes[error["code"]] = error
        return codes

    def schema_location(self, root_pointer, error):
        """Where in the document the keyword that failed stands, as a JSON pointer. jsonschema's
        schema_path lists the keywords it went through but (in 4.18 and later) not the `$ref`s
        it followed, so the walk follows a `$ref` whenever the next keyword is not beside it."""
        pointer = ""
        node = {"$ref": "#" + root_pointer}  # the validator's own root, as validator() builds it

        def follow(node):
            target = node["$ref"].removeprefix(DOCUMENT_URI)[1:]
            return target, self.at(target)

        for step in list(error.schema_path):
            if step == "$ref":  # older jsonschema versions list it
                pointer, node = follow(node)
                continue
            while isinstance(node, dict) and "$ref" in node and step not in node:
                pointer, node = follow(node)
            node = node[step] if isinstance(node, (dict, list)) else None
            pointer = f"{pointer}/{step}"
        return "#" + pointer


def strip_optional_nulls(method, params):
    """The document's rule: an optional param given as null is the same as one left out."""
    if not isinstance(params, dict):
        return params
    required = {param["name"] for param in method["params"] if param.get("required")}
    return {key: value for key, value in params.items() if value is not None or key in required}


# ---- strings ---------------------------------------------------------------------------------

# Pieces of text, each one grapheme or a few: plain letters, accents precomposed and combining,
# emoji of one and of several code points (flags, skin tones, families joined with ZWJ),
# CR LF, the last code points of the BMP and of Unicode, right-to-left and CJK text, JSON's
# own special characters. Never U+0000 (always invalid) nor a lone surrogate (not UTF-8).
PIECES = [
    "a", "Z", "q", "7", "Lumière", "ß", "é", "e\u0301", "n\u0303", "\u0915\u094d\u0937",
    "😀", "🍿", "🇫🇷", "🇯🇵", "👍🏽", "👩\u200d👩\u200d👧", "🏳️\u200d🌈", "\r\n", "\t", " ",
    "\uffff", "\U0010ffff", "\U0001f9ff", "中文", "שלום", "\u200b", "\u2028", '"', "\\", "/",
    "<&>", "'", "ǅ", "İ", "\u00a0",
]
# Pieces with many code points per grapheme: a limit counted in graphemes lets far too much through.
DENSE_PIECES = ["🇫🇷", "🇯🇵", "👩\u200d👩\u200d👧", "e\u0301\u0302", "👍🏽", "🏳️\u200d🌈"]
WHITESPACE = [" ", "\t", "\r\n", "\u2028", "\u00a0"]


def is_blank_edge(char):
    return char.isspace() or unicodedata.combining(char) or char in "\u200d\ufe0f"


class Text:
    """Strings of an exact length in code points, from PIECES."""

    def __init__(self, rng):
        self.rng = rng

    def exact(self, length, dense=False):
        pieces = DENSE_PIECES if dense else PIECES
        text = ""
        while code_points(text) < length:
            text += self.rng.choice(pieces)
        return text[:length]

    def length_between(self, low, high):
        """A length in [low, high] (high None: no limit), biased to short ones and the bounds."""
        roll = self.rng.random()
        top = high if high is not None else max(low + 60, 300)
        if roll < 0.15:
            return self.rng.choice([low, top])
        if roll < 0.75:
            return self.rng.randint(low, min(top, low + 12))
        return self.rng.randint(low, top)

    def trimmed(self, length, dense=False):
        """A string of `length` code points that neither starts nor ends with white space (or
        a mark that would attach to it), so that trimming leaves it as it is."""
        text = self.exact(length, dense)
        if text and is_blank_edge(text[0]):
            text = "a" + text[1:]
        if text and is_blank_edge(text[-1]):
            text = text[:-1] + "z"
        return text


class RegexStrings:
    """Strings that match a pattern, drawn from the pattern's own syntax tree."""

    def __init__(self, rng):
        self.rng = rng

    def generate(self, pattern, extra=6):
        compiled = re.compile(pattern)
        tree = sre_parse.parse(pattern)
        for _ in range(200):
            text = self._emit(tree, extra)
            # Python's `$` also matches before a final "\n"; JSON Schema's (ECMA 262) does not.
            if compiled.search(text) and "\n" not in text:
                return text
        raise RuntimeError(f"cannot draw a string for pattern {pattern}")

    def _emit(self, tree, extra):
        out = []
        for op, av in tree:
            if op == sre_parse.LITERAL:
                out.append(chr(av))
            elif op == sre_parse.NOT_LITERAL:
                out.append(self.rng.choice([c for c in "abcXYZ019-" if ord(c) != av]))
            elif op == sre_parse.ANY:
                out.append(self.rng.choice("abcXYZ019-"))
            elif op == sre_parse.IN:
                out.append(self._one_of(av))
            elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
                low, high, sub = av
                top = low + extra if high == sre_parse.MAXREPEAT else min(high, low + extra)
                if high != sre_parse.MAXREPEAT and self.rng.random() < 0.05:
                    top = high  # now and then the longest the pattern allows
                for _ in range(self.rng.randint(low, max(low, top))):
                    out.append(self._emit(sub, extra))
            elif op == sre_parse.SUBPATTERN:
                out.append(self._emit(av[-1], extra))
            elif op == sre_parse.BRANCH:
                out.append(self._emit(self.rng.choice(av[1]), extra))
            elif op in (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                pass  # anchors and look-aheads emit nothing; the final match checks them
            else:
                raise RuntimeError(f"pattern construct {op} is not supported")
        return "".join(out)

    def _one_of(self, items):
        negate = items and items[0][0] == sre_parse.NEGATE
        choices = []
        for op, av in items:
            if op == sre_parse.LITERAL:
                choices.append(chr(av))
            elif op == sre_parse.RANGE:
                choices.extend(chr(c) for c in range(av[0], av[1] + 1))
            elif op == sre_parse.CATEGORY:
                choices.extend({
                    sre_parse.CATEGORY_DIGIT: "0123456789",
                    sre_parse.CATEGORY_SPACE: " ",
                    sre_parse.CATEGORY_WORD: "abcXYZ_019",
                }.get(av, "a"))
        if negate:
            choices = [c for c in "abcdefghXYZ0189-_ " if c not in choices]
        return self.rng.choice(choices)


# ---- times -----------------------------------------------------------------------------------

def rfc3339(moment):
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T"
            f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z")


def parse_time(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def is_real_date(text):
    """Whether a string the Timestamp pattern accepts names a day that exists (years 0000 to
    9999 in the proleptic Gregorian calendar, as RFC 3339 has them)."""
    year, month, day = int(text[0:4]), int(text[5:7]), int(text[8:10])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return 1 <= day <= days


def epoch_seconds(text):
    """Seconds since 1970 of an RFC 3339 UTC time, for any four-digit year (0000 included,
    which Python's datetime cannot hold): days counted in the proleptic Gregorian calendar."""
    year, month, day = int(text[0:4]), int(text[5:7]), int(text[8:10])
    year -= month <= 2
    era = year // 400
    day_of_era = (year - era * 400) * 365 + (year - era * 400) // 4 - (year - era * 400) // 100 \
        + (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    days = era * 146097 + day_of_era - 719468
    return days * 86400 + int(text[11:13]) * 3600 + int(text[14:16]) * 60 + int(text[17:19])


# ---- what the run has learnt -----------------------------------------------------------------

USERS = ["ana", "bo", "zoë", "👩\u200d👩\u200d👧 family", "e\u0301lise"]
IDEMPOTENCY_KEYS = ["k1", "k2", "clé-🔑"]
ID_PARAMS = {"showingId": "showing", "movieId": "movie", "screenId": "screen", "theaterId": "theater",
             "bookingId": "booking"}


class World:
    """Facts of the session's database, learnt from the server's answers: the catalog, the
    seats of each screen, the bookings this run made, cursors, and the clock."""

    def __init__(self):
        self.now = CLOCK_START
        self.ids = {kind: {} for kind in ID_PARAMS.values()}  # kind -> id -> facts
        self.seats = {}  # screenId -> [(seat id, label, type)]
        self.taken = defaultdict(set)  # showingId -> seat ids believed held, booked or blocked
        self.numbers = {}  # booking number -> booking id
        self.cursors = []  # booking.list params that gave a nextCursor, with that cursor
        self.follow_ups = []  # calls to make next round (a seat map of a new showing)
        self.subscriptions = []  # live seat map subscriptions made, ended or not

    def learn(self, method, params, result):
        if not isinstance(result, dict):
            return
        if method in ("showings.list",):
            for showing in result.get("showings", []):
                self._showing(showing)
        elif method == "showings.create":
            self._showing(result)
            self.follow_ups.append(("seatmap.get", {"showingId": result.get("id")}))
        elif method in ("seatmap.get", "seatmap.subscribe"):
            if method == "seatmap.subscribe":
                self.subscriptions.append(result.get("subscription"))
                result = result.get("seatMap", {})
            showing = result.get("showing", {})
            self._showing(showing)
            seats, taken = [], set()
            for row in result.get("rows", []):
                for seat in row.get("seats", []):
                    seats.append((seat["id"], seat["label"], seat["type"]))
                    if seat["status"] != "available":
                        taken.add(seat["id"])
            self.seats[showing.get("screenId")] = seats
            self.taken[showing.get("id")] = taken
        elif method in ("theaters.list", "theaters.create"):
            for theater in result.get("theaters", [result]):
                self.ids["theater"][theater["id"]] = {}
                for screen in theater.get("screens", []):
                    self.ids["screen"][screen["id"]] = {"theaterId": theater["id"],
                                                        "seatTypes": screen.get("seatTypes", {})}
        elif method in ("movies.list", "movies.create"):
            for movie in result.get("movies", [result]):
                self.ids["movie"][movie["id"]] = {"durationMinutes": movie.get("durationMinutes")}
        elif method == "booking.list":
            for booking in result.get("bookings", []):
                self._booking(booking)
            if "nextCursor" in result:
                self.cursors.append(dict(params or {}, cursor=result["nextCursor"]))
        elif method.startswith("booking."):
            self._booking(result)
        elif method in ("seats.block", "seats.unblock"):
            showing_id = (params or {}).get("showingId")
            for seat in result.get("seats", []):
                if seat.get("status") == "available":
                    self.taken[showing_id].discard(seat.get("id"))
                else:
                    self.taken[showing_id].add(seat.get("id"))
        elif method in ("debug.advanceClock", "server.info") and "now" in result:
            self.now = parse_time(result["now"])

    def _showing(self, showing):
        if "id" in showing:
            self.ids["showing"][showing["id"]] = showing

    def _booking(self, booking):
        if "id" not in booking:
            return
        before = self.ids["booking"].get(booking["id"], {}).get("seats", [])
        seats = [(seat["id"], seat["label"]) for seat in booking.get("seats", [])]
        showing_id = booking.get("showing", {}).get("id")
        live = booking.get("status") in ("pending", "confirmed")
        for seat_id, _ in before:
            self.taken[showing_id].discard(seat_id)
        for seat_id, _ in seats if live else []:
            self.taken[showing_id].add(seat_id)
        self.ids["booking"][booking["id"]] = {"number": booking.get("bookingNumber"), "userId": booking.get("userId"),
                                              "showingId": showing_id, "seats": seats,
                                              "status": booking.get("status")}
        self.numbers[booking.get("bookingNumber")] = booking["id"]

    def open_showings(self):
        return [showing_id for showing_id, showing in self.ids["showing"].items()
                # RFC 3339 times with four-digit years sort as text (year 0000 included).
                if showing.get("salesCloseAt", "") > rfc3339(self.now)]

    def screen_of(self, showing_id):
        return self.ids["showing"].get(showing_id, {}).get("screenId")


# ---- one generated call ----------------------------------------------------------------------

class Prose:
    """A rule the document states in words, which the params broke: the server may refuse
    them with -32602 at `path`. `must_fail`: a result would break the rule. `gap`: the rule is
    one the JSON Schema could state and does not, so the schema accepts what the server refuses."""

    def __init__(self, path, rule, must_fail=True, gap=False, short=None):
        self.path, self.rule, self.must_fail, self.gap = path, rule, must_fail, gap
        self.short = short or rule  # how failures are grouped


class Call:
    """One request line and what its answer must be."""

    def __init__(self, method, params, kind, mutation=None, expected_path=None, prose=(), extra_codes=()):
        self.method = method  # the method name
        self.params = params  # the params sent (ABSENT when left out)
        self.kind = kind  # "valid", "mutation" or "surrogate"
        self.mutation = mutation  # which mutation, for kind "mutation"
        self.expected_path = expected_path  # data.path the -32602 must name
        self.prose = list(prose)  # Prose rules the valid params break
        self.extra_codes = set(extra_codes)  # codes a mutation may get besides -32602
        self.id_text = None  # the id as JSON text
        self.id_shape = None  # "small integer", "big integer", "decimal", "string", "null", ...
        self.line = None  # the exact request line (without its "\n")


ABSENT = object()


# ---- the generator ---------------------------------------------------------------------------

class Generator:
    """Draws calls: valid params from the schemas and the world, and single mutations of them."""

    # How often each method is drawn, relative to the others (unlisted: 1). Booking methods
    # change state, so they get more; debug.advanceClock moves the clock, so it gets little.
    WEIGHTS = {"booking.hold": 3, "booking.create": 3, "booking.confirm": 2, "booking.cancel": 2,
               "booking.extend": 2, "booking.get": 2, "booking.list": 1.5, "seatmap.get": 1.5,
               "availability.check": 1.5, "seats.block": 1, "seats.unblock": 1, "showings.create": 1.5,
               "debug.advanceClock": 0.2, "rpc.discover": 0.2, "server.info": 0.5}

    # Each mutation breaks the schema in one place. "too-long" uses one code point per grapheme;
    # "too-long-in-code-points" uses flags and other many-code-point graphemes, so that it is too
    # long in code points (what maxLength counts) but not in graphemes. "case" changes only the
    # letter case of an id, label or booking number; "pattern" breaks the pattern otherwise.
    MUTATIONS = {"missing-required": 1, "wrong-type": 1, "unknown-field": 1.5, "out-of-range": 1, "too-short": 1,
                 "too-long": 1, "too-long-in-code-points": 1, "enum": 1, "nul": 1, "pattern": 1, "case": 0.5,
                 "array-size": 1, "params-array": 0.5}

    def __init__(self, rng, document, world):
        self.rng = rng
        self.doc = document
        self.world = world
        self.current = None  # the method being mutated
        self.text = Text(rng)
        self.regex = RegexStrings(rng)

    # -- top level --

    def call(self):
        names = self.doc.callable
        method = self.doc.methods[self.rng.choices(names, [self.WEIGHTS.get(n, 1) for n in names])[0]]
        roll = self.rng.random()
        if roll < 0.025:
            return self.surrogate(method)  # writes its own line
        elif roll < 0.43:
            call = self.mutation(method) or self.valid(method)
        else:
            call = self.valid(method)
        self.finish(call)
        return call

    def valid(self, method, clean=False):
        params, prose = self.params(method, clean)
        # The generator's own check: valid params must fit the schemas, or every verdict on
        # their answer would be wrong.
        problems = list(self.doc.params_validator(method).iter_errors(strip_optional_nulls(method, params)))
        if problems:
            raise RuntimeError(f"property_check drew params for {method['name']} that do not fit its schema: "
                               f"{compact(params)[:500]}: {describe(problems[0])}")
        if not method["params"] and self.rng.random() < 0.5:
            params = self.rng.choice([ABSENT, None])  # `params` left out or null means {}
        return Call(method["name"], params, "valid", prose=prose)

    def follow_up(self, name, params):
        call = Call(name, params, "valid")
        self.finish(call)
        return call

    # -- ids and lines --

    ID_SHAPES = [
        ("small integer", 45, lambda rng: str(rng.randint(-5, 1000))),
        ("big integer", 10, lambda rng: rng.choice(
            ["18446744073709551617", "-9223372036854775809", "9223372036854775808", "100000000000000000000000000001"])),
        ("decimal", 8, lambda rng: rng.choice(["1.5", "-0.25", "2.50", "3.0", "0.1"])),
        ("exponent", 2, lambda rng: rng.choice(["1e3", "6.02E+23"])),
        ("negative zero", 1, lambda rng: "-0"),
        ("string", 29, None),
        ("null", 5, lambda rng: "null"),
    ]

    def finish(self, call):
        """Gives the call an id and writes its line."""
        ensure_ascii = self.rng.random() < 0.4  # \uXXXX escapes (surrogate pairs) or raw UTF-8
        shape, _, make = self.rng.choices(self.ID_SHAPES, [weight for _, weight, _ in self.ID_SHAPES])[0]
        call.id_shape = shape
        call.id_text = make(self.rng) if make else compact(self.text.exact(self.rng.randint(0, 12)), ensure_ascii)
        members = ['"jsonrpc":"2.0"', '"id":' + call.id_text, '"method":' + compact(call.method)]
        if call.params is not ABSENT:
            members.append('"params":' + compact(call.params, ensure_ascii))
        if self.rng.random() < 0.2:
            self.rng.shuffle(members)
        call.line = "{" + ",".join(members) + "}"

    def surrogate(self, method):
        """A line with a lone surrogate escape, in the id or in a string param: not UTF-8 text,
        so the whole line is a parse error."""
        params, _ = self.params(method, clean=True)
        lone = self.rng.choice(["\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800"])
        call = Call(method["name"], params, "surrogate")
        call.id_text, call.id_shape = "7", "small integer"
        strings = [key for key, value in params.items() if isinstance(value, str)]
        if strings and self.rng.random() < 0.6:
            key = self.rng.choice(strings)
            params[key] = params[key][:1] + lone + params[key][1:]
        else:
            call.id_text, call.id_shape = json.dumps("id" + lone), "string"
        # json.dumps escapes every non-ASCII character, so the surrogate is written as \udXXX.
        call.line = (f'{{"jsonrpc":"2.0","id":{call.id_text},"method":{compact(call.method)},'
                     f'"params":{json.dumps(params, separators=(",", ":"))}}}')
        return call

    # -- valid params --

    def params(self, method, clean):
        """Valid params for `method` and the prose rules they break (none when `clean`)."""
        context = Context(self.world, method["name"], clean)
        self.choose_subjects(method, context)
        params = {}
        for name, pointer, param in self.doc.method_params(method):
            include = param.get("required") or self.include_optional(method["name"], name, context)
            if include:
                params[name] = self.value(pointer, name, name, [param.get("description", "")], context)
            elif not clean and self.rng.random() < 0.05:
                params[name] = None  # an optional param given as null is the same as one left out
        self.cross_param_rules(method["name"], params, context)
        # A time the Timestamp pattern lets through although its day does not exist (checked
        # after the cross-param rules, which may swap `from` and `to`).
        for node in self.nodes(method, params):
            if node.pointer and node.pointer.endswith("/Timestamp") and isinstance(node.value, str) \
                    and not is_real_date(node.value):
                context.prose.append(Prose(node.path, f"Timestamp: {node.value} matches the pattern but names no "
                                                      "real day", gap=True, short="a day that does not exist"))
        return params, context.prose

    def choose_subjects(self, method, context):
        """Picks the booking and showing a call is about, so that its seats and user fit."""
        names = {param["name"] for param in method["params"]}
        bookings = self.world.ids["booking"]
        if "bookingId" in names or "bookingNumber" in names:
            if bookings and self.rng.random() < 0.85:
                context.booking = self.rng.choice(sorted(bookings))
                context.showing = bookings[context.booking]["showingId"]
        if "showingId" in names and context.showing is None:
            open_ids = self.world.open_showings()
            every = sorted(self.world.ids["showing"])
            if open_ids and self.rng.random() < 0.8:
                context.showing = self.rng.choice(sorted(open_ids))
            elif every and self.rng.random() < 0.75:
                context.showing = self.rng.choice(every)

    def include_optional(self, method, name, context):
        """Whether to give an optional param; some are given only by cross_param_rules."""
        if method == "booking.get" and name in ("bookingId", "bookingNumber"):
            return False  # cross_param_rules chooses exactly one of the two
        if method == "booking.hold" and name in ("seats", "best"):
            return False  # cross_param_rules chooses exactly one of the two
        if method == "booking.list" and name == "cursor":
            return False  # cross_param_rules sets it
        if method == "debug.advanceClock":
            return True
        return self.rng.random() < 0.5

    def cross_param_rules(self, method, params, context):
        """The rules the document states between params, which no single schema can."""
        rng = self.rng
        if method == "booking.get":
            roll = rng.random()
            by_id = self.value(self.pointer(method, "bookingId"), "bookingId", "bookingId", [], context)
            booking = self.world.ids["booking"].get(context.booking or "", {})
            number = booking.get("number") if rng.random() < 0.85 else None
            number = number or self.regex.generate(self.doc.resolve(self.pointer(method, "bookingNumber"))[0]["pattern"])
            if roll < 0.45:
                params["bookingId"] = by_id
            elif roll < 0.9 or context.clean:
                params["bookingNumber"] = number
            else:  # both, or neither
                if roll < 0.95:
                    params["bookingId"], params["bookingNumber"] = by_id, number
                rule = "booking.get: give exactly one of bookingId and bookingNumber (both, or neither, is -32602)"
                context.prose += [Prose("bookingId", rule), Prose("bookingNumber", rule)]
        elif method == "booking.list" and rng.random() < 0.3:
            if self.world.cursors and rng.random() < 0.75:
                params.clear()
                params.update(rng.choice(self.world.cursors))  # the params that gave the cursor
            elif not context.clean:
                params["cursor"] = self.text.exact(rng.randint(0, 24))
                context.prose.append(Prose("cursor", "booking.list: -32602 for a cursor booking.list did not make"))
        elif method == "showings.list" and isinstance(params.get("from"), str) and isinstance(params.get("to"), str):
            if params["to"] < params["from"]:
                if context.clean or rng.random() < 0.85:
                    params["from"], params["to"] = params["to"], params["from"]
                else:
                    context.prose.append(Prose("to", "showings.list: -32602 for `to` before `from`"))
        elif method == "showings.create":
            self.showing_rules(params, context)
        if method == "booking.hold":
            roll = rng.random()
            def make(name):
                return self.value(self.pointer(method, name), name, name, [], context)
            if roll < 0.7:
                params["seats"] = make("seats")
            elif roll < 0.95 or context.clean:
                params["best"] = make("best")
            else:  # both, or neither
                if roll < 0.975:
                    params["seats"], params["best"] = make("seats"), make("best")
                rule = "booking.hold: give exactly one of seats and best (neither is -32602 at seats, both at best)"
                context.prose += [Prose("seats", rule), Prose("best", rule)]
        # wheelchairSpaces is 1 to count: a rule between two params.
        for target, prefix in ((params, ""), (params.get("best"), "best.")):
            if method not in ("seats.bestAvailable", "booking.hold") or not isinstance(target, dict):
                continue
            spaces, count = target.get("wheelchairSpaces"), target.get("count")
            if isinstance(spaces, int) and isinstance(count, int) and spaces > count:
                if context.clean or rng.random() < 0.85:
                    target["wheelchairSpaces"] = max(1, min(count, 50))
                else:
                    context.prose.append(Prose(prefix + "wheelchairSpaces", "wheelchairSpaces is 1 to count"))

    def showing_rules(self, params, context):
        movie = self.world.ids["movie"].get(params.get("movieId"))
        screen = self.world.ids["screen"].get(params.get("screenId"))
        if screen is not None and isinstance(params.get("prices"), dict):
            missing = sorted(set(screen["seatTypes"]) - set(params["prices"]))
            for seat_type in missing:  # the document does not say which missing type is named first
                context.prose.append(Prose(f"prices.{seat_type}",
                                           "showings.create: every type the screen has needs a price"))
        starts, closes = params.get("startsAt"), params.get("salesCloseAt")
        if movie and isinstance(starts, str) and isinstance(closes, str) and is_real_date(starts) \
                and is_real_date(closes):
            if epoch_seconds(closes) > epoch_seconds(starts) + 60 * movie["durationMinutes"]:
                context.prose.append(Prose("salesCloseAt", "showings.create: sales cannot close after the end"))

    def pointer(self, method, name):
        return next(p for n, p, _ in self.doc.method_params(self.doc.methods[method]) if n == name)

    def value(self, pointer, path, name, descriptions, context):
        """A value that fits the schema at `pointer`; `name` is the property it is for."""
        schema, pointer, more = self.doc.resolve(pointer)
        descriptions = [d for d in descriptions if d] + more
        component = pointer.rsplit("/", 1)[-1] if pointer.startswith("/components/schemas/") else None
        special = self.special(schema, pointer, path, name, component, descriptions, context)
        if special is not ABSENT:
            return special
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return self.rng.choice(schema["enum"])
        for combinator in ("anyOf", "oneOf"):
            if combinator in schema:
                index = self.rng.randrange(len(schema[combinator]))
                return self.value(f"{pointer}/{combinator}/{index}", path, name, descriptions, context)
        kind = schema.get("type")
        if kind == "object":
            result = {}
            required = set(schema.get("required", []))
            for key in schema.get("properties", {}):
                if key in required or self.rng.random() < 0.5:
                    result[key] = self.value(f"{pointer}/properties/{key}", join_path(path, key), key, [], context)
            return result
        if kind == "array":
            return self.array(schema, pointer, path, context)
        if kind == "string":
            return self.string(schema, path, descriptions, context)
        if kind == "integer":
            return self.integer(schema, context.clean)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "number":
            return self.rng.choice([0, 1.5, -2.25])
        raise RuntimeError(f"cannot generate a value for the schema at {pointer}")

    def array(self, schema, pointer, path, context):
        """A few items (now and then maxItems of them), distinct where the schema says so."""
        low, high = schema.get("minItems", 0), schema.get("maxItems")
        count = self.rng.randint(low, min(high if high is not None else low + 3, low + 3))
        if high is not None and self.rng.random() < 0.03:
            count = high
        items = []
        for _ in range(count * 3):
            if len(items) == count:
                break
            item = self.value(f"{pointer}/items", join_path(path, len(items)), "", [], context)
            if not schema.get("uniqueItems") or item not in items:
                items.append(item)
        return items

    def string(self, schema, path, descriptions, context):
        """A string for the schema: from its pattern, or text of a length within minLength and
        maxLength and within the length its description states ("1 to 200 characters once
        trimmed"). Unless `clean`, now and then one that breaks the description's rule but not
        the schema, to see what the server does with it."""
        if "pattern" in schema:
            return self.regex.generate(schema["pattern"])
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        rule = prose_length(descriptions)
        if rule is None:
            return self.text.exact(self.text.length_between(low, high), dense=self.rng.random() < 0.15)
        prose_low, prose_high, trimmed = rule
        roll = self.rng.random()
        dense = self.rng.random() < 0.15
        if not context.clean and roll < 0.15 and (high is None or high > prose_high):
            # Longer than the description allows, yet within the schema: a schema gap probe.
            length = self.rng.randint(prose_high + 1, min(high or prose_high + 20, prose_high + 20))
            if self.rng.random() < 0.5:
                text = self.text.trimmed(length, True) if trimmed else self.text.exact(length, True)
                how = "too long in code points, not in graphemes"
            else:
                text = "".join(self.rng.choice("abcXYZ019-éß") for _ in range(length))
                how = "too long in code points and in graphemes"
            context.prose.append(Prose(path, f"the description says at most {prose_high} characters; "
                                             f"{code_points(text)} code points ({how})", gap=True, short=how))
            return text
        if trimmed and not context.clean and roll < 0.19 and (high is None or high >= 1):
            context.prose.append(Prose(path, "not only white space (the value is trimmed)", short="only white space"))
            return self.rng.choice(WHITESPACE)
        length = self.text.length_between(max(low, prose_low), min(x for x in (high, prose_high) if x is not None))
        if not trimmed:
            return self.text.exact(length, dense)
        text = self.text.trimmed(length, dense)
        if self.rng.random() < 0.15:  # white space around it, trimmed away by the server
            padded = self.rng.choice(WHITESPACE) + text + self.rng.choice(WHITESPACE)
            if high is None or code_points(padded) <= high:
                text = padded
        return text

    def integer(self, schema, clean=False):
        """An integer in the schema's bounds: often a bound, sometimes (not when `clean`) one of
        the huge values a schema without a maximum allows."""
        low, high = schema.get("minimum"), schema.get("maximum")
        roll = self.rng.random()
        if clean and roll < 0.15:
            roll = 0.5
        huge = [2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**30]
        if low is not None and high is not None:
            if roll < 0.3:
                return self.rng.choice([low, high, min(low + 1, high), max(high - 1, low)])
            return self.rng.randint(low, min(high, low + 1000)) if roll < 0.8 else self.rng.randint(low, high)
        if low is not None:
            if roll < 0.12:
                return self.rng.choice(huge)
            return low if roll < 0.2 else self.rng.randint(low, low + 100)
        if high is not None:
            return high if roll < 0.2 else self.rng.randint(high - 100, high)
        if roll < 0.15:
            return self.rng.choice(huge + [-h for h in huge] + [-2**63])
        return self.rng.randint(-10, 5000)

    # -- values that must come from the world --

    def special(self, schema, pointer, path, name, component, descriptions, context):
        """Values that make sense only with real data: ids, seats, users, money, times."""
        rng, world = self.rng, self.world
        method = context.method
        if name in ID_PARAMS and schema.get("type") == "string":
            return self.some_id(ID_PARAMS[name], context)
        if name == "subscription" and world.subscriptions and rng.random() < 0.8:
            return rng.choice(world.subscriptions)
        if name == "bookingNumber" and world.numbers and rng.random() < 0.85:
            return rng.choice(sorted(n for n in world.numbers if n))
        if name == "userId" and component == "UserId" and rng.random() < 0.9:
            owner = world.ids["booking"].get(context.booking or "", {}).get("userId")
            return owner if owner and rng.random() < 0.75 else rng.choice(USERS)
        if name == "idempotencyKey" and rng.random() < 0.6:
            return rng.choice(IDEMPOTENCY_KEYS)
        if name == "seats" and schema.get("type") == "array":
            return self.seat_list(schema, path, context)
        if name == "expectedTotal" and (context.clean or context.showing and rng.random() < 0.6):
            return self.expected_total(context)
        if component == "Timestamp":
            return self.time(name, context)
        if method == "debug.advanceClock" and name == "seconds":
            return rng.randint(0, 120)  # small: a long step would close every showing early
        if method == "showings.create" and name == "currency" and rng.random() < 0.7:
            return "EUR"
        if method == "showings.create" and name == "prices" and rng.random() < 0.85:
            return {seat_type: rng.choice([0, 950, 1150, 100000000]) for seat_type in schema["properties"]}
        if method == "theaters.create" and name == "layout":
            return self.layout(schema, pointer, path, context)
        if method == "theaters.create" and name == "screens":
            screens = self.array(schema, pointer, path, context)
            names = set()
            for index, screen in enumerate(screens):
                key = screen["name"].strip()
                if key in names:
                    if context.clean or rng.random() < 0.7:
                        screen["name"] = f"{screen['name']} {index}"
                    else:
                        context.prose.append(Prose(f"{path}[{index}].name", "screen names are unique in a theater"))
                names.add(screen["name"].strip())
            return screens
        return ABSENT

    def some_id(self, kind, context):
        """Mostly a real id of the kind asked for, sometimes one of another kind or a random one."""
        rng = self.rng
        if kind == "showing" and context.showing and rng.random() < 0.9:
            return context.showing
        if kind == "booking" and context.booking and rng.random() < 0.9:
            return context.booking
        known = sorted(self.world.ids[kind])
        roll = rng.random()
        if known and roll < 0.8:
            return rng.choice(known)
        if roll < 0.9:
            other = sorted(i for ids in self.world.ids.values() for i in ids)
            if other:
                return rng.choice(other)  # a real id of another kind of thing
        return "%08x-%04x-4%03x-8%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                               rng.getrandbits(12), rng.getrandbits(48))

    def seat_list(self, schema, path, context):
        """Seats of the call's showing (or booking), each named by id or label, each once."""
        rng, world = self.rng, self.world
        low, high = schema.get("minItems", 1), schema.get("maxItems", 50)
        screen = world.screen_of(context.showing) if context.showing else None
        seats = world.seats.get(screen, [])
        booking = world.ids["booking"].get(context.booking or "")
        if context.method == "booking.cancel" and booking and booking["seats"] and rng.random() < 0.75:
            pool = [seat for seat in seats if seat[0] in {s[0] for s in booking["seats"]}] or \
                [(seat_id, label, None) for seat_id, label in booking["seats"]]
        else:
            free = [seat for seat in seats if seat[0] not in world.taken[context.showing]]
            pool = free if free and rng.random() < 0.85 else seats
        if not pool:  # a showing whose seats we do not know: labels that may or may not exist
            pool = [(None, f"{row}{number}", None) for row in "ABCDEFG" for number in range(1, 15)]
        roll = rng.random()
        count = rng.randint(1, 2) if roll < 0.7 else rng.randint(3, 6) if roll < 0.9 else rng.randint(7, high)
        count = max(low, min(count, high, len(pool)))
        chosen = rng.sample(pool, count)
        refs = [seat_id if seat_id and rng.random() < 0.4 else label for seat_id, label, _ in chosen]
        if not context.clean and rng.random() < 0.04 and chosen[0][0] and count < high:
            # The same seat named twice, once by id and once by label: allowed by uniqueItems,
            # refused by the rule in SeatRefList's description.
            seat_id, label, _ = chosen[0]
            refs.append(label if refs[0] == seat_id else seat_id)
            context.prose.append(Prose(join_path(path, len(refs) - 1), "SeatRefList: each seat once"))
        context.values["seats"] = refs
        if context.method == "booking.cancel":
            # Which seats a booking still has is not always known here (an idempotent replay
            # answers with the booking as it was), so any seat may be one it no longer has.
            for index in range(len(refs)):
                context.prose.append(Prose(join_path(path, index), "booking.cancel: only seats the booking still has",
                                           must_fail=False))
        return refs

    def expected_total(self, context):
        """The total the server will compute for the seats already drawn (seats come before
        expectedTotal in booking.create's params), in the showing's currency."""
        showing = self.world.ids["showing"].get(context.showing, {})
        types = {ref: seat_type for seat_id, label, seat_type in self.world.seats.get(showing.get("screenId"), [])
                 for ref in (seat_id, label)}
        try:
            amount = sum(showing["prices"][types[ref]] for ref in context.values.get("seats", []))
        except (KeyError, TypeError):
            amount = self.rng.choice([0, 1150, 2900])
        return {"amount": amount, "currency": showing.get("currency", "EUR")}

    def time(self, name, context):
        """A Timestamp near the server's clock, so that showings are open and holds live; now
        and then a bound of the format, or (unless `clean`) any string its pattern allows."""
        rng = self.rng
        roll = rng.random()
        base = self.world.now
        if name == "startsAt":
            moment = base + timedelta(days=rng.randint(-1, 40), minutes=10 * rng.randint(0, 143))
        elif name == "salesCloseAt":  # shortly before the start, mostly
            starts = context.values.get("startsAt")
            try:
                moment = parse_time(starts) - timedelta(seconds=rng.randint(0, 7200))
            except (TypeError, ValueError, OverflowError):  # no start, or one datetime cannot hold
                moment = base
        else:
            moment = base + timedelta(seconds=rng.randint(-86400, 20 * 86400))
        if roll < 0.06:
            text = rng.choice(["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2030-01-01T00:00:00Z",
                               "2032-02-29T12:00:00Z", "1970-01-01T00:00:00Z"])
        elif roll < 0.15 and not context.clean:
            text = self.regex.generate(self.doc.at("/components/schemas/Timestamp")["pattern"])
        else:
            text = rfc3339(moment)
        context.values[name] = text
        return text

    def layout(self, schema, pointer, path, context):
        """Layout rows from ScreenLayoutRow's pattern, with labels unique in the screen."""
        rows = self.array(schema, pointer, path, context)
        labels = set()
        for index, row in enumerate(rows):
            label = row.split(":", 1)[0]
            if label in labels:
                if context.clean or self.rng.random() < 0.8:
                    for _ in range(100):
                        fresh = self.regex.generate(r"^[A-Z]{1,3}$")
                        if fresh not in labels:
                            rows[index] = fresh + row[len(label):]
                            label = fresh
                            break
                else:
                    context.prose.append(Prose(join_path(path, index), "ScreenLayoutRow: row labels are unique"))
            labels.add(label)
        return rows

    # -- mutations --

    def mutation(self, method):
        """Valid (clean) params with exactly one mutation, or None if none applies."""
        self.current = method["name"]
        for _ in range(20):
            params, prose = self.params(method, clean=True)
            if not prose:
                break
        else:
            return None
        nodes = list(self.nodes(method, params))
        kinds = [kind for kind in self.MUTATIONS if self.applicable(kind, nodes)]
        validator = self.doc.params_validator(method)
        for _ in range(20):
            kind = self.rng.choices(kinds, [self.MUTATIONS[k] for k in kinds])[0]
            mutated = json.loads(json.dumps(params))
            outcome = self.mutate(kind, mutated, nodes)
            if outcome is None:
                continue
            mutated, path, extra = outcome
            if isinstance(mutated, dict) and validator.is_valid(strip_optional_nulls(method, mutated)):
                continue  # the mutation happened to fit the schema after all
            return Call(method["name"], mutated, "mutation", mutation=self.label(kind, nodes, path),
                        expected_path=path, extra_codes=extra)
        return None

    def label(self, kind, nodes, path):
        """The mutation's name and, when the field is a named schema, that schema: `nul in Uuid`."""
        for node in nodes:
            if node.path == path and node.pointer and node.pointer.startswith("/components/schemas/"):
                return f"{kind} in {node.pointer.rsplit('/', 1)[-1]}"
        return kind

    def nodes(self, method, params):
        """(path, schema, pointer, value, top-level optional?) of every value in the params."""
        yield Node("", None, None, params, False, [])
        for name, pointer, param in self.doc.method_params(method):
            if name in params:
                yield from self._walk(params[name], pointer, name, not param.get("required"),
                                      [param.get("description", "")])

    def _walk(self, value, pointer, path, optional, descriptions):
        schema, pointer, more = self.doc.resolve(pointer)
        yield Node(path, schema, pointer, value, optional, descriptions + more)
        if isinstance(value, dict) and "properties" in schema:
            for key, child in value.items():
                if key in schema["properties"]:
                    # An optional member given as null is one left out, inside objects too.
                    optional = key not in schema.get("required", [])
                    yield from self._walk(child, f"{pointer}/properties/{key}", join_path(path, key), optional, [])
        elif isinstance(value, list) and "items" in schema:
            for index, child in enumerate(value):
                yield from self._walk(child, f"{pointer}/items", join_path(path, index), False, [])

    def applicable(self, kind, nodes):
        return any(self.candidates(kind, node) for node in nodes)

    def candidates(self, kind, node):
        """Whether `kind` can mutate `node`."""
        schema, value = node.schema, node.value
        if node.path == "":
            return kind in ("unknown-field", "params-array", "missing-required") and (
                kind != "missing-required" or any(True for _ in self.required_present(node)))
        if kind == "missing-required":
            return isinstance(value, dict) and any(True for _ in self.required_present(node))
        if kind == "wrong-type":
            return True
        if kind == "unknown-field":
            return isinstance(value, dict) and schema.get("additionalProperties") is False
        if kind == "out-of-range":
            return isinstance(value, int) and ("minimum" in schema or "maximum" in schema)
        if kind == "too-short":
            return isinstance(value, str) and schema.get("minLength", 0) > 0
        if kind in ("too-long", "too-long-in-code-points"):
            return isinstance(value, str) and "maxLength" in schema
        if kind == "enum":
            return "enum" in schema and isinstance(value, str)
        if kind == "nul":
            return isinstance(value, str)
        if kind in ("pattern", "case"):
            return isinstance(value, str) and bool(self.patterns(schema))
        if kind == "array-size":
            return isinstance(value, list) and (schema.get("minItems", 0) > 0 or "maxItems" in schema)
        return False

    def required_present(self, node):
        """The required members of an object node that the params hold."""
        if node.path == "":
            return [name for name, _, param in self.doc.method_params(self.doc.methods[self.current])
                    if param.get("required") and name in node.value]
        return [key for key in node.schema.get("required", []) if key in node.value]

    def patterns(self, schema):
        """The pattern a string must match, or the patterns of its anyOf/oneOf branches."""
        if "pattern" in schema:
            return [schema["pattern"]]
        found = []
        for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
            found += self.patterns(self.doc.resolve(branch["$ref"][1:])[0] if "$ref" in branch else branch)
        return found

    def mutate(self, kind, params, nodes):
        """Applies `kind` to a random node of a copy of the params: (params, path, extra codes)."""
        rng = self.rng
        node = rng.choice([n for n in nodes if self.candidates(kind, n)])
        value, schema = node.value, node.schema
        extra = ()

        def put(new):
            set_at(params, node.path, new)

        if kind == "params-array":
            return list(params.values()), "", ()
        if kind == "missing-required":
            key = rng.choice(self.required_present(node))
            del get_at(params, node.path)[key]
            return params, join_path(node.path, key), ()
        if kind == "unknown-field":
            container = get_at(params, node.path)
            known = set(schema.get("properties", {})) if schema else {
                name for name, _, _ in self.doc.method_params(self.doc.methods[self.current])}
            names = ["zz", "12", "Title", "seat", "é", "🙂", "x y", "SEATS", "0"]
            key = "12" if node.path and rng.random() < 0.5 else rng.choice([k for k in names if k not in known])
            container[key] = rng.choice([1, "x", None, [], {}, True, 10**20])
            return params, join_path(node.path, key), ()
        if kind == "wrong-type":
            # A value of another JSON type than the valid one (a string of the wrong form is the
            # "pattern" mutation); null only where it is not "left out".
            options = [7, 1.5, "7", True, ["x"], {"a": 1}] + ([] if node.optional else [None])
            validator = self.doc.validator(node.pointer)
            options = [o for o in options if json_type(o) != json_type(value) and not validator.is_valid(o)]
            if not options:
                return None
            put(rng.choice(options))
        elif kind == "out-of-range":
            choices = []
            if "minimum" in schema:
                choices += [schema["minimum"] - 1, schema["minimum"] - 2**64]
            if "maximum" in schema:
                choices += [schema["maximum"] + 1, schema["maximum"] + 2**64]
            choice = rng.choice(choices)
            put(choice)
            if "maximum" in schema and choice == schema["maximum"] + 1 \
                    and "more is LIMIT_EXCEEDED" in " ".join(node.descriptions):
                extra = (-32008,)  # a count of seats past 50 is the limit of section 1
        elif kind == "too-short":
            put(self.text.exact(schema["minLength"] - 1))
        elif kind == "too-long":
            put("".join(rng.choice("abcXYZ019 -éß") for _ in range(schema["maxLength"] + rng.randint(1, 4))))
        elif kind == "too-long-in-code-points":
            length = schema["maxLength"] + rng.randint(1, 4)
            text = self.text.exact(length, dense=True)
            put(text if code_points(text) == length else text + "a")
        elif kind == "enum":
            put(rng.choice([v for v in ["", "Pending", "unknown", "regular ", "VIP", "open"] if v not in schema["enum"]]))
        elif kind == "nul":
            at = rng.randint(0, len(value))
            put(value[:at] + "\u0000" + value[at:])
        elif kind in ("pattern", "case"):
            patterns = [re.compile(p) for p in self.patterns(schema)]
            if kind == "case":
                options = [value.upper(), value.lower(), value.swapcase()]
            else:
                options = [value[:-1], value + "x", " " + value, value.replace("-", ""), value[:1] + "!" + value[2:],
                           "g" + value[1:], value + "\t"]
            options = [o for o in options if "\n" not in o and not any(p.search(o) for p in patterns)]
            if not options:
                return None
            put(rng.choice(options))
        elif kind == "array-size":
            choices = []
            if schema.get("minItems", 0) > 0:
                choices.append("few")
            if "maxItems" in schema:
                choices.append("many")
            if rng.choice(choices) == "few":
                put(value[:schema["minItems"] - 1])
            else:
                put(self.many_items(node, schema["maxItems"] + 1))
                if "more than 50 is LIMIT_EXCEEDED" in " ".join(node.descriptions):
                    extra = (-32008,)  # SeatRefList's description names LIMIT_EXCEEDED for this
        return params, node.path, extra

    def many_items(self, node, count):
        """`count` distinct items that fit the node's item schema."""
        items = []
        context = Context(self.world, self.current, True)
        for _ in range(count * 5):
            item = self.value(f"{node.pointer}/items", node.path, "", [], context)
            if item not in items:
                items.append(item)
            if len(items) == count:
                break
        if len(items) < count and node.schema.get("items", {}).get("$ref", "").endswith("/SeatRef"):
            items = [f"{row}{number}" for row in ("A", "B", "C") for number in range(1, 30)][:count]
        return items


class Node:
    """One value inside a params object, with its path, its schema (after $refs) and where that
    schema stands in the document; `optional`: a top-level param that may be left out."""

    def __init__(self, path, schema, pointer, value, optional, descriptions):
        self.path, self.schema, self.pointer, self.value = path, schema, pointer, value
        self.optional, self.descriptions = optional, descriptions


class Context:
    """What the params of one call are about, and the prose rules they break."""

    def __init__(self, world, method, clean):
        self.world, self.method, self.clean = world, method, clean
        self.booking = None
        self.showing = None
        self.prose = []
        self.values = {}  # values drawn so far that later ones depend on (startsAt, seats)


def prose_length(descriptions):
    """The length a description states ("1 to 200 characters once trimmed"), nearest first:
    (min, max, trimmed) or None."""
    for description in descriptions:
        match = re.search(r"(\d[\d,]*) to (\d[\d,]*) characters", description or "")
        if match:
            low, high = (int(group.replace(",", "")) for group in match.groups())
            return low, high, "trim" in description
    return None


def json_type(value):
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object", type(None): "null"}[type(value)]


def path_steps(path):
    """`screens[0].layout[1]` -> ["screens", 0, "layout", 1] (keys with dots or brackets are
    never generated)."""
    return [int(step[1:-1]) if step.startswith("[") else step.lstrip(".")
            for step in re.findall(r"\[\d+\]|\.?[^.\[\]]+", path)]


def get_at(params, path):
    node = params
    for step in path_steps(path):
        node = node[step]
    return node


def set_at(params, path, value):
    steps = path_steps(path)
    node = params
    for step in steps[:-1]:
        node = node[step]
    node[steps[-1]] = value


# ---- the server ------------------------------------------------------------------------------

class Session:
    """One `boxoffice serve` process on a fresh database; answers read line by line."""

    def __init__(self, binary, arguments):
        self.directory = tempfile.TemporaryDirectory(prefix="boxoffice-property-")
        self.stderr = open(os.path.join(self.directory.name, "stderr"), "w+b")
        database = os.path.join(self.directory.name, "property.sqlite")
        self.process = subprocess.Popen([binary, "serve", "--db", database] + arguments, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.stderr)
        self.lines = queue.Queue()
        self.notifications = queue.Queue()  # lines the server sent on its own
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            (self.notifications if self._is_notification(line) else self.lines).put(line)
        self.lines.put(None)

    @staticmethod
    def _is_notification(line):
        """A line with a method and no id: the server's own notification, not an answer."""
        try:
            value = json.loads(line)
        except ValueError:
            return False
        return isinstance(value, dict) and "method" in value and "id" not in value

    def take_notifications(self):
        taken = []
        while True:
            try:
                taken.append(self.notifications.get_nowait())
            except queue.Empty:
                return taken

    def exchange(self, request_lines):
        """Writes every line, then reads as many answer lines (None for each one missing)."""
        def write():
            try:
                for line in request_lines:
                    self.process.stdin.write(line.encode("utf-8") + b"\n")
                self.process.stdin.flush()
            except (BrokenPipeError, OSError):
                pass
        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        answers = []
        deadline = time.monotonic() + ANSWER_TIMEOUT
        for _ in request_lines:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                self.lines.put(None)  # stay at end of stream
                answers.append(None)
                continue
            answers.append(line)
        writer.join(timeout=5)
        return answers

    def extra_output(self):
        """Lines written that no request asked for (read after stdin is closed)."""
        extra = []
        while True:
            try:
                line = self.lines.get(timeout=10)
            except queue.Empty:
                break
            if line is None:
                break
            extra.append(line)
        return extra

    def close(self):
        try:
            self.process.stdin.close()
        except OSError:
            pass
        extra = self.extra_output()
        try:
            status = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
        self.stderr.seek(0)
        log = self.stderr.read().decode("utf-8", "replace")
        self.stderr.close()
        self.directory.cleanup()
        return status, extra, log

    def alive(self):
        return self.process.poll() is None


# ---- checks ----------------------------------------------------------------------------------

class Failures:
    """Failures, grouped by method and kind, with a few examples of each."""

    EXAMPLES = 3

    def __init__(self, seed, calls):
        self.seed, self.calls = seed, calls
        self.groups = {}

    def add(self, method, kind, detail, call=None, answer=None):
        kind = re.sub(r"\[\d+\]", "[i]", kind)  # seats[3] and seats[0] are the same kind of failure
        group = self.groups.setdefault((method, kind), {"count": 0, "examples": []})
        group["count"] += 1
        if len(group["examples"]) < self.EXAMPLES:
            group["examples"].append((detail, call.line if call else None, answer))

    def report(self, out):
        print(f"property_check: {len(self.groups)} distinct failure(s); replay with "
              f"`python3 Tests/property_check.py --seed {self.seed} --calls {self.calls}`", file=out)
        for (method, kind), group in sorted(self.groups.items()):
            print(f"  [{method}] {kind}: {group['count']}", file=out)
        print("\nExamples:", file=out)
        for (method, kind), group in sorted(self.groups.items()):
            print(f"\n[{method}] {kind}  ({group['count']} time(s), seed {self.seed})", file=out)
            for detail, line, answer in group["examples"]:
                print(f"  - {detail}", file=out)
                if line is not None:
                    shown = line if len(line) <= 3000 else line[:3000] + f"... ({len(line)} characters)"
                    print(f"    request: {shown}", file=out)
                if answer is not None:
                    shown = answer if len(answer) <= 700 else answer[:700] + f"... ({len(answer)} characters)"
                    print(f"    answer:  {shown}", file=out)


class Checker:
    """Checks one answer against its call and the document."""

    def __init__(self, document, world, failures, outcomes):
        self.doc, self.world, self.failures = document, world, failures
        self.outcomes = outcomes  # method -> Counter of "result" and error codes, over the whole run

    def check(self, call, raw):
        fail = self.failures.add
        method = call.method
        if raw is None:
            fail("(process)", "a request got no answer line", f"no answer to this {method} request", call)
            return
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            fail(method, "answer is not UTF-8", repr(raw[:200]), call)
            return
        if not text.endswith("\n") or "\n" in text[:-1]:
            fail(method, "answer is not one line", "", call, text)
        text = text.rstrip("\n")
        try:
            answer = parse_answer(text)
            answer_raw = parse_answer(text, raw_numbers=True)
        except ValueError as error:
            fail(method, "answer is not strict JSON", str(error), call, text)
            return
        if not self.envelope(call, answer, text):
            return
        self.check_id(call, answer_raw, text)
        if "error" in answer:
            code = answer["error"]["code"]
            self.outcomes[method][code] += 1
            self.check_error(call, answer["error"], text)
        else:
            self.outcomes[method]["result"] += 1
            self.check_result(call, answer["result"], text)

    def check_notification(self, raw):
        """A line the server sent on its own: a notification the document says it sends."""
        fail = self.failures.add
        text = raw.decode("utf-8", "replace").rstrip("\n")
        notification = parse_answer(text)
        name = notification.get("method")
        method = self.doc.methods.get(name) if isinstance(name, str) else None
        if method is None or method.get("x-sent-by") != "server":
            fail("(notifications)", "the server sent a notification the document does not mark as sent by it",
                 f"method {name!r}", None, text)
            return
        self.outcomes[name]["sent"] += 1
        if notification.get("jsonrpc") != "2.0" or set(notification) != {"jsonrpc", "method", "params"}:
            fail(name, "notification is not a JSON-RPC 2.0 notification object", "", None, text)
        for problem in self.doc.params_validator(method).iter_errors(notification.get("params")):
            fail(name, "notification params do not fit the method's params", describe(problem), None, text)

    def envelope(self, call, answer, text):
        fail = self.failures.add
        if not isinstance(answer, dict):
            fail(call.method, "answer is not a JSON-RPC response object", "", call, text)
            return False
        problems = []
        if answer.get("jsonrpc") != "2.0":
            problems.append('"jsonrpc" is not "2.0"')
        if "id" not in answer:
            problems.append('no "id"')
        if ("result" in answer) == ("error" in answer):
            problems.append('not exactly one of "result" and "error"')
        if set(answer) - {"jsonrpc", "id", "result", "error"}:
            problems.append(f"unknown members {sorted(set(answer) - {'jsonrpc', 'id', 'result', 'error'})}")
        error = answer.get("error")
        if "error" in answer:
            if not isinstance(error, dict):
                problems.append('"error" is not an object')
            else:
                if not isinstance(error.get("code"), int) or isinstance(error.get("code"), bool):
                    problems.append("error code is not an integer")
                if not isinstance(error.get("message"), str):
                    problems.append("error message is not a string")
                if set(error) - {"code", "message", "data"}:
                    problems.append(f"unknown error members {sorted(set(error) - {'code', 'message', 'data'})}")
        if problems:
            fail(call.method, "answer is not a well-formed JSON-RPC 2.0 response", "; ".join(problems), call, text)
            return False
        return True

    def check_id(self, call, answer_raw, text):
        echoed = answer_raw["id"]
        if call.kind == "surrogate":
            expected_text = "null"
        else:
            expected_text = call.id_text
        sent = parse_answer(expected_text, raw_numbers=True)
        # A number must come back as the same text; a string or null as an equal value.
        if type(echoed) is not type(sent) or echoed != sent:
            shown = str(echoed) if isinstance(echoed, RawNumber) else json.dumps(echoed, ensure_ascii=False)
            if call.kind == "surrogate":
                self.failures.add("(any)", "a parse error does not have id null", f"got id {shown}", call, text)
            else:
                # The id does not depend on the method: one group per shape of id.
                self.failures.add("(every method)", f"id not echoed exactly ({call.id_shape} id)",
                                  f"sent id {expected_text}, got {shown}", call, text)

    def check_error(self, call, error, text):
        fail = self.failures.add
        method = self.doc.methods[call.method]
        code = error["code"]
        data = error.get("data")
        if code == -32603:
            fail(call.method, "-32603 Internal error", error.get("message", ""), call, text)
        documented = self.doc.errors.get(code)
        if documented is None:
            fail(call.method, f"error code {code} is not in components.errors", "", call, text)
        elif "data" in documented:
            pointer = documented["data"]["$ref"][1:]
            if data is None:
                fail(call.method, f"error {code} has no data", f"the document gives it {pointer}", call, text)
            else:
                validator = self.doc.validator(pointer)
                for problem in validator.iter_errors(data):
                    where = self.doc.schema_location(pointer, problem)
                    fail(call.method, f"error {code} data does not fit its schema at {where}",
                         describe(problem), call, text)
        elif data is not None:
            fail(call.method, f"error {code} carries data the document does not give it", "", call, text)

        if call.kind == "surrogate":
            if code != -32700:
                fail("(any)", "a line with a lone surrogate is not -32700", f"got {code}", call, text)
            return
        path = data.get("path") if isinstance(data, dict) else None
        if call.kind == "mutation":
            if code == -32602 and path == call.expected_path:
                return
            if code in call.extra_codes:
                return
            if code == -32602:
                fail(call.method, f"invalid params ({call.mutation}): -32602 names another path",
                     f"expected data.path {call.expected_path!r}, got {path!r}", call, text)
            else:
                fail(call.method, f"invalid params ({call.mutation}) not answered -32602",
                     f"expected -32602 at {call.expected_path!r}, got {code}", call, text)
            return
        # Valid params: an error the method lists; -32602 only where a prose rule says so.
        if code not in self.doc.method_codes(method) and code != -32603:
            fail(call.method, f"answered {code}, which the method does not list", "", call, text)
        if code == -32602:
            rules = [rule for rule in call.prose if rule.path == path]
            if not rules:
                fail(call.method, f"valid params refused with -32602 at {path!r}",
                     f"reason {data.get('reason') if isinstance(data, dict) else None!r}", call, text)
            for rule in rules:
                if rule.gap:
                    fail(call.method, f"schema gap: the schema accepts what the server refuses at {path!r} "
                         f"({rule.short})", rule.rule, call, text)

    def check_result(self, call, result, text):
        fail = self.failures.add
        method = self.doc.methods[call.method]
        if call.kind == "surrogate":
            fail("(any)", "a line with a lone surrogate got a result", "", call, text)
            return
        if call.kind == "mutation":
            fail(call.method, f"invalid params ({call.mutation}) accepted",
                 f"expected -32602 at {call.expected_path!r}", call, text)
            return
        pointer = self.doc.result_pointer(method)
        for problem in self.doc.validator(pointer).iter_errors(result):
            where = self.doc.schema_location(pointer, problem)
            fail(call.method, f"result does not fit its schema at {where}",
                 describe(problem),
                 call, text)
        for rule in call.prose:
            if rule.must_fail:
                fail(call.method, f"params the document refuses were accepted ({rule.path}: {rule.short})",
                     f"{rule.path}: {rule.rule}", call, text)
        self.world.learn(call.method, call.params if isinstance(call.params, dict) else {}, result)


def describe(problem):
    """A jsonschema error in one line: the instance's path, the keyword and its value, the
    instance (shortened), and jsonschema's own schema_path."""
    instance = compact(problem.instance)
    if len(instance) > 120:
        instance = instance[:120] + "..."
    if isinstance(problem.instance, str):
        instance += f" ({code_points(problem.instance)} code points)"
    keyword = compact(problem.validator_value)
    if len(keyword) > 120:
        keyword = keyword[:120] + "..."
    return (f"at {problem.json_path}: {problem.validator} {keyword} fails for {instance}; "
            f"schema_path {list(problem.schema_path)}")


# ---- the run ---------------------------------------------------------------------------------

def binary_path(arguments):
    path = arguments.binary or os.environ.get("BOXOFFICE_BINARY") or str(ROOT / ".build" / "debug" / "boxoffice")
    if not os.path.isfile(path):
        print(f"property_check: the boxoffice binary is missing at {path}: run `swift build` or set BOXOFFICE_BINARY")
        sys.exit(2)
    return path


def discover(binary, arguments):
    """The document as the server serves it, from a short session of its own."""
    session = Session(binary, arguments)
    [line] = session.exchange(['{"jsonrpc":"2.0","id":0,"method":"rpc.discover"}'])
    session.close()
    if line is None:
        print("property_check: no answer to rpc.discover")
        sys.exit(2)
    return json.loads(line)["result"]


def learning_calls(generator):
    """What a session asks first: the clock, the catalog, and every showing's seat map."""
    return [generator.follow_up(name, params) for name, params in [
        ("server.info", {}), ("movies.list", {}), ("theaters.list", {}),
        ("showings.list", {"from": "0000-01-01T00:00:00Z", "to": "9999-12-31T23:59:59Z"})]]


def run_session(binary, generator, checker, budget, failures):
    """One process on a fresh database: learning calls, then rounds of generated calls."""
    world = generator.world
    session = Session(binary, ["--demo", "--deterministic"])
    made = 0

    def play(calls):
        answers = session.exchange([call.line for call in calls])
        for call, answer in zip(calls, answers):
            checker.check(call, answer)
        for line in session.take_notifications():
            checker.check_notification(line)
        return len(calls), None not in answers

    count, answered = play(learning_calls(generator))
    made += count
    if answered:
        count, answered = play([generator.follow_up("seatmap.get", {"showingId": showing_id})
                                for showing_id in sorted(world.ids["showing"])])
        made += count
    while answered and made < budget and session.alive():
        calls = [generator.follow_up(name, params) for name, params in world.follow_ups]
        world.follow_ups.clear()
        while len(calls) < min(ROUND_CALLS, budget - made):
            calls.append(generator.call())
        count, answered = play(calls)  # a server that stopped answering ends the session
        made += count
    status, extra, log = session.close()
    if status != 0 or extra:
        failures.add("(process)", "the server did not end cleanly",
                     f"exit status {status}; {len(extra)} unrequested line(s) {extra[:2]}; stderr: {log[-1500:]}")
    return made


def check_methods_served(binary, failures):
    """Without --deterministic, every method rpc.discover lists must exist (no -32601)."""
    session = Session(binary, ["--demo"])
    [line] = session.exchange(['{"jsonrpc":"2.0","id":0,"method":"rpc.discover"}'])
    listed = [method["name"] for method in json.loads(line)["result"]["methods"]
              if method.get("x-sent-by") != "server"] if line else []
    probes = [compact({"jsonrpc": "2.0", "id": index, "method": name, "params": {"zzProbe": 1}})
              for index, name in enumerate(listed)]
    for name, probe, answer in zip(listed, probes, session.exchange(probes)):
        error = json.loads(answer).get("error", {}) if answer else {}
        if error.get("code") == -32601:
            failures.add("rpc.discover", "lists a method the server does not serve (without --deterministic)",
                         f"{name} is listed but answers -32601", None, answer.decode().strip())
    session.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=int(os.environ.get("BOXOFFICE_PROPERTY_SEED", DEFAULT_SEED)))
    parser.add_argument("--calls", type=int, default=DEFAULT_CALLS)
    parser.add_argument("--document", help="read the OpenRPC document from this file instead of rpc.discover")
    parser.add_argument("--binary", help="the boxoffice binary (default BOXOFFICE_BINARY or .build/debug/boxoffice)")
    arguments = parser.parse_args()

    started = time.monotonic()
    binary = binary_path(arguments)
    if arguments.document:
        document = Document(json.loads(Path(arguments.document).read_text(encoding="utf-8")))
    else:
        document = Document(discover(binary, ["--demo", "--deterministic"]))
    failures = Failures(arguments.seed, arguments.calls)
    rng = random.Random(arguments.seed)
    made, sessions = 0, 0
    outcomes = defaultdict(Counter)
    while made < arguments.calls:
        world = World()  # a fresh database knows only the demo catalog
        generator = Generator(rng, document, world)
        checker = Checker(document, world, failures, outcomes)
        made += run_session(binary, generator, checker, min(SESSION_CALLS, arguments.calls - made), failures)
        sessions += 1
    check_methods_served(binary, failures)

    elapsed = time.monotonic() - started
    print(f"property_check: seed {arguments.seed}: {made} calls in {sessions} session(s), {elapsed:.1f} s")
    for method in sorted(outcomes):
        counts = outcomes[method]
        shown = ", ".join(f"{key}: {counts[key]}" for key in sorted(counts, key=str))
        print(f"  {method:22} {shown}")
    if failures.groups:
        failures.report(sys.stdout)
        return 1
    print("property_check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
