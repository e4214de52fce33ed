#!/usr/bin/env python3
"""Checks that Schemas/openrpc.json describes the API that the boxoffice binary serves.

(a) The document validates against the OpenRPC meta-schema (Schemas/openrpc-meta-schema.json,
    vendored so that a plain clone checks offline; Schemas/README.md says where it comes from),
    and keeps the house rules: by-name params, every $ref resolves,
    every object schema has `additionalProperties` and an exact `required` list, every schema
    is a valid JSON Schema 2020-12.
(b) Sources/BoxOfficeRPC/OpenRPCDocument.swift embeds exactly the minified document
    (regenerate it with Schemas/embed.sh).
(c) The binary answers rpc.discover with exactly that document.
(d) The methods the document names are the methods the code declares (`static let method`
    in Sources/BoxOfficeRPC, its folders included) and the server answers; every documented param name is
    known to the server, and an unknown one is refused with -32602.
(e) Every exchange of every Tests/Golden/*.txt transcript fits the document: results match
    their method's result schema, params of successful calls match the params, error data
    matches the documented shape of its code, and each method raises only the errors it
    documents. A notification the server sends (a line with a `method` and no `id`, such as
    seatmap.changed) must be a method the document marks `"x-sent-by": "server"`, and its
    params must fit that method's params. The string "<<any>>" in an expected answer matches
    any schema. Transcripts run on both engines, so an answer with per-engine placeholders
    (`<<engine>>`, `<<engineVersion>>`, `<<database>>`, members named `sqlite:…`) is checked
    as it stands on each engine. Exchanges with the MCP face (contract section 9: `initialize`, `tools/call`,
    ...) are not methods of this document: the MCP specification describes them, and
    Tests/mcp_client_check.py holds them to it with the official SDK's own types.

A method marked `"x-sent-by": "server"` is one the server sends and no client calls: it has
no result, and the server answers -32601 to a call of it.

The binary is BOXOFFICE_BINARY, or .build/debug/boxoffice. Prints every mismatch with
file:line and exits 1 if there is any.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError:  # pragma: no cover - the environment decides
    print("schema_check: the python3 module jsonschema (4.18 or later) is needed: pip install jsonschema")
    sys.exit(2)

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "Schemas" / "openrpc.json"
ENVELOPE = ROOT / "Schemas" / "jsonrpc.schema.json"
EMBEDDED = ROOT / "Sources" / "BoxOfficeRPC" / "OpenRPCDocument.swift"
METHOD_SOURCES = ROOT / "Sources" / "BoxOfficeRPC"
GOLDEN = ROOT / "Tests" / "Golden"
META_SCHEMA = ROOT / "Schemas" / "openrpc-meta-schema.json"
WILDCARD = "<<any>>"
# The MCP face's methods (Sources/BoxOfficeRPC/MCP/): described by the MCP specification,
# not by openrpc.json, so neither declared methods of the contract nor checked against it.
MCP_METHODS = {"initialize", "notifications/initialized", "ping", "tools/list", "tools/call", "resources/list",
               "resources/templates/list", "resources/read", "resources/subscribe", "resources/unsubscribe"}
# What the MCP face sends of its own, also described by the MCP specification; the MCP
# client check holds it to the SDK's types.
MCP_NOTIFICATIONS = {"notifications/resources/updated"}

problems = []


def fail(where, message):
    problems.append(f"{where}: {message}")


def minified(document):
    """The one-line form that embed.sh embeds and rpc.discover answers with."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


# ---- (a) the document itself ---------------------------------------------------------------

def check_meta_schema(document):
    if not META_SCHEMA.is_file():
        fail(str(META_SCHEMA.relative_to(ROOT)), "the OpenRPC meta-schema is missing: it is vendored "
             "in the repository (see Schemas/README.md)")
        return
    meta = json.loads(META_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(meta, default=jsonschema.Draft7Validator)(meta)
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        fail(f"{DOCUMENT.name}:/{'/'.join(map(str, error.absolute_path))}", f"OpenRPC meta-schema: {error.message[:300]}")


def walk_schemas(schema, where):
    """Yields (schema, where) for `schema` and every schema nested in it, except `if` conditions
    (which test a shape rather than describe one)."""
    if isinstance(schema, dict):
        yield schema, where
        for key, value in schema.items():
            if key in ("properties", "$defs", "patternProperties"):
                for name, sub in value.items():
                    yield from walk_schemas(sub, f"{where}/{key}/{name}")
            elif key in ("items", "additionalProperties", "not", "then", "else", "propertyNames",
                         "contains", "unevaluatedProperties", "unevaluatedItems"):
                yield from walk_schemas(value, f"{where}/{key}")
            elif key in ("anyOf", "oneOf", "allOf", "prefixItems"):
                for index, sub in enumerate(value):
                    yield from walk_schemas(sub, f"{where}/{key}/{index}")


def resolve_pointer(document, pointer):
    node = document
    for part in pointer.lstrip("#/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def every_schema(document):
    """Every top-level schema of the document, with where it stands."""
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        yield schema, f"#/components/schemas/{name}"
    for index, method in enumerate(document.get("methods", [])):
        for position, param in enumerate(method.get("params", [])):
            if "schema" in param:
                yield param["schema"], f"#/methods/{index}/params/{position}/schema"
        if "schema" in method.get("result", {}):
            yield method["result"]["schema"], f"#/methods/{index}/result/schema"


def sent_by_server(method):
    """True for a notification that the server sends and no client calls (seatmap.changed)."""
    return method.get("x-sent-by") == "server"


def check_house_rules(document):
    names = [method.get("name") for method in document.get("methods", [])]
    for name in sorted({name for name in names if names.count(name) > 1}):
        fail(DOCUMENT.name, f"method {name} is described twice")
    for method in document.get("methods", []):
        where = f"{DOCUMENT.name}: method {method.get('name')}"
        if method.get("paramStructure") != "by-name":
            fail(where, 'paramStructure must be "by-name"')
        if "x-sent-by" in method and not sent_by_server(method):
            fail(where, '"x-sent-by" can only be "server"')
        if sent_by_server(method):
            if "result" in method or method.get("errors"):
                fail(where, "is sent by the server: a notification has no result and no errors")
        elif "result" not in method:
            fail(where, "has no result")
        params = [param.get("name") for param in method.get("params", [])]
        if len(params) != len(set(params)):
            fail(where, "names a param twice")
        for error in method.get("errors", []):
            target = resolve_pointer(document, error["$ref"]) if "$ref" in error else error
            if target is None:
                fail(where, f"error {error['$ref']} does not resolve")
    for name, error in document.get("components", {}).get("errors", {}).items():
        data = error.get("data")
        if data is not None and (not isinstance(data, dict) or set(data) != {"$ref"}
                                 or resolve_pointer(document, data["$ref"]) is None):
            fail(f"{DOCUMENT.name}: error {name}", "data must be a $ref to a schema of components.schemas")
    for top, where in every_schema(document):
        try:
            Draft202012Validator.check_schema(top)
        except jsonschema.SchemaError as error:
            fail(f"{DOCUMENT.name}:{where}", f"not a valid JSON Schema 2020-12: {error.message[:300]}")
        for schema, path in walk_schemas(top, where):
            if "$ref" in schema:
                if not schema["$ref"].startswith("#/components/schemas/") or \
                        resolve_pointer(document, schema["$ref"]) is None:
                    fail(f"{DOCUMENT.name}:{path}", f"$ref {schema['$ref']} does not resolve into components.schemas")
            is_object = schema.get("type") == "object" or "properties" in schema
            if is_object:
                if "additionalProperties" not in schema:
                    fail(f"{DOCUMENT.name}:{path}", "an object schema needs additionalProperties")
                if "properties" in schema:
                    if "required" not in schema:
                        fail(f"{DOCUMENT.name}:{path}", "an object schema with properties needs a required list")
                    for key in schema.get("required", []):
                        if key not in schema["properties"]:
                            fail(f"{DOCUMENT.name}:{path}", f"requires {key}, which is not among its properties")


# ---- (b) the embedded copy -----------------------------------------------------------------

def check_embedded(document):
    if not EMBEDDED.is_file():
        fail(str(EMBEDDED.relative_to(ROOT)), "missing; run Schemas/embed.sh")
        return
    text = EMBEDDED.read_text(encoding="utf-8")
    match = re.search(r'^\s*static let json = (#+)"(.*)"\1\s*$', text, re.MULTILINE)
    if not match:
        fail(str(EMBEDDED.relative_to(ROOT)), "has no `static let json = #\"...\"#` line; run Schemas/embed.sh")
        return
    if match.group(2) != minified(document):
        fail(str(EMBEDDED.relative_to(ROOT)),
             "does not embed the minified Schemas/openrpc.json: run Schemas/embed.sh")


# ---- the binary ----------------------------------------------------------------------------

def binary_path():
    path = os.environ.get("BOXOFFICE_BINARY") or str(ROOT / ".build" / "debug" / "boxoffice")
    if not os.path.isfile(path):
        fail(path, "the boxoffice binary is missing: run `swift build` or set BOXOFFICE_BINARY")
        return None
    return path


def ask(binary, requests, deterministic=True):
    """Runs one `serve` (`--deterministic` unless told otherwise) on a fresh database;
    answers by request id."""
    with tempfile.TemporaryDirectory(prefix="boxoffice-schema-") as directory:
        lines = "".join(json.dumps(request, separators=(",", ":")) + "\n" for request in requests)
        flags = ["--deterministic"] if deterministic else []
        try:
            run = subprocess.run(
                [binary, "serve", "--db", os.path.join(directory, "schema.sqlite"), *flags],
                input=lines.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        except subprocess.TimeoutExpired:
            fail(binary, "did not answer within 120 s")
            return {}, []
    if run.returncode != 0:
        fail(binary, f"exited {run.returncode}; stderr:\n{run.stderr.decode(errors='replace')[-2000:]}")
    raw = run.stdout.decode("utf-8", errors="replace").split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    answers = {}
    for line in raw:
        try:
            answer = json.loads(line)
        except ValueError:
            fail(binary, f"answered with a line that is not JSON: {line[:200]}")
            continue
        if isinstance(answer, dict):
            answers[json.dumps(answer.get("id"))] = answer
    return answers, raw


# ---- (c) rpc.discover ----------------------------------------------------------------------

def check_discover(binary, document):
    check_discover_in_mode(binary, document, deterministic=True)
    # Without --deterministic the debug methods do not exist, and the document served
    # then does not list them.
    production = dict(document)
    production["methods"] = [m for m in document["methods"] if not m["name"].startswith("debug.")]
    check_discover_in_mode(binary, production, deterministic=False)
    answers, _ = ask(binary, [{"jsonrpc": "2.0", "id": 1, "method": "debug.advanceClock",
                               "params": {"seconds": 1}}], deterministic=False)
    if answers.get("1", {}).get("error", {}).get("code") != -32601:
        fail("debug.advanceClock", f"without --deterministic it must be -32601; got {answers.get('1')}")


def check_discover_in_mode(binary, document, deterministic):
    answers, raw = ask(binary, [{"jsonrpc": "2.0", "id": 1, "method": "rpc.discover"}], deterministic)
    expected_line = '{"jsonrpc":"2.0","id":1,"result":' + minified(document) + "}"
    answer = answers.get("1")
    if answer is None:
        fail("rpc.discover", f"no answer; got {raw[:1]}")
    elif "result" not in answer:
        fail("rpc.discover", f"answered with an error: {json.dumps(answer)[:300]}")
    elif answer["result"] != document:
        fail("rpc.discover", "the answer differs from Schemas/openrpc.json (rebuild after Schemas/embed.sh)")
    elif raw != [expected_line]:
        fail("rpc.discover", "the answer is not exactly one line holding the minified document")
    described = [method for method in document.get("methods", []) if method.get("name") == "rpc.discover"]
    if described and "schema" in described[0].get("result", {}):
        for problem in violations(Validators(document).result(described[0]), document):
            fail("rpc.discover", f"the document does not fit rpc.discover's own result schema {problem}")


# ---- (d) the set of methods and params -----------------------------------------------------

def declared_methods():
    names = {}
    # Every file of the module, in its folders too (SeatMaps/), but for the MCP face's
    # (MCP/), whose methods the MCP specification describes.
    for path in sorted(METHOD_SOURCES.rglob("*.swift")):
        if path.relative_to(METHOD_SOURCES).parts[0] == "MCP":
            continue
        for match in re.finditer(r'static\s+let\s+method\s*=\s*"([^"]+)"', path.read_text(encoding="utf-8")):
            if match.group(1) not in MCP_METHODS:
                names[match.group(1)] = str(path.relative_to(METHOD_SOURCES))
    return names


def check_method_set(binary, document):
    documented = {method["name"]: method for method in document["methods"]}
    declared = declared_methods()
    for name in sorted(set(declared) - set(documented)):
        fail(f"Sources/BoxOfficeRPC/{declared[name]}", f"declares method {name}, which openrpc.json does not describe")
    for name in sorted(set(documented) - set(declared)):
        fail(DOCUMENT.name, f"describes method {name}, which no `static let method` in Sources/BoxOfficeRPC declares")

    requests, expectations = [], {}
    probe = [["not", "a", "value", "of", "any", "param"]]
    for index, name in enumerate(sorted(documented)):
        params = [param["name"] for param in documented[name]["params"]]
        if sent_by_server(documented[name]):
            # Only the server sends it: a client calling it finds no such method.
            request_id = f"sent-by-server-{index}"
            requests.append({"jsonrpc": "2.0", "id": request_id, "method": name, "params": {}})
            expectations[request_id] = (name, "sent by server")
            continue
        cases = [
            ("empty", {}),
            ("unknown", {"zzUnknownProbe": 1}),
        ]
        if params:
            cases.append(("known", {param: probe for param in params}))
        for case, value in cases:
            request_id = f"{case}-{index}"
            requests.append({"jsonrpc": "2.0", "id": request_id, "method": name, "params": value})
            expectations[request_id] = (name, case)
    requests.append({"jsonrpc": "2.0", "id": "nonesuch", "method": "schema.noSuchMethod"})
    answers, _ = ask(binary, requests)
    nonesuch = answers.get('"nonesuch"', {})
    if nonesuch.get("error", {}).get("code") != -32601:
        fail("schema.noSuchMethod", f"expected -32601 for a method that does not exist, got {json.dumps(nonesuch)[:200]}")
    for request_id, (name, case) in expectations.items():
        answer = answers.get(json.dumps(request_id))
        if answer is None:
            fail(f"method {name}", f"no answer to the {case} probe")
            continue
        error = answer.get("error") or {}
        if case == "sent by server":
            if error.get("code") != -32601:
                fail(f"method {name}", f"is sent by the server, so a call of it must be -32601; got {json.dumps(answer)[:300]}")
        elif error.get("code") == -32601:
            fail(f"method {name}", "is documented, but the server answers -32601 Method not found")
        elif case == "unknown":
            if error.get("code") != -32602 or (error.get("data") or {}).get("path") != "zzUnknownProbe":
                fail(f"method {name}", f"an unknown param should be -32602 naming it; got {json.dumps(answer)[:300]}")
        elif case == "known":
            if error.get("code") == -32602 and (error.get("data") or {}).get("reason") == "unknown field":
                fail(f"method {name}", f"documents param {error['data'].get('path')!r}, which the server does not know")


# ---- (e) golden transcripts ----------------------------------------------------------------

class Validators:
    """Draft 2020-12 validators for pieces of the document, with $refs into its components."""

    def __init__(self, document):
        self.document = document
        self.cache = {}

    def _validator(self, key, schema):
        if key not in self.cache:
            root = dict(self.document)
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            root["$defs"] = {"target": schema}
            root["$ref"] = "#/$defs/target"
            self.cache[key] = Draft202012Validator(root)
        return self.cache[key]

    def result(self, method):
        return self._validator(("result", method["name"]), method["result"]["schema"])

    def params(self, method):
        schema = {
            "type": "object",
            "properties": {param["name"]: param["schema"] for param in method["params"]},
            "required": [param["name"] for param in method["params"] if param.get("required")],
            "additionalProperties": False,
        }
        return self._validator(("params", method["name"]), schema)

    def schema(self, pointer):
        return self._validator(("ref", pointer), {"$ref": pointer})

    def envelope(self):
        if ("envelope",) not in self.cache:
            schema = json.loads(ENVELOPE.read_text(encoding="utf-8"))
            self.cache[("envelope",)] = Draft202012Validator(schema)
        return self.cache[("envelope",)]


def ignorable(error):
    """True when `error` only complains about a "<<any>>" wildcard (which matches anything)."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        return any(all(ignorable(sub) for sub in subs) for subs in branches.values())
    return error.instance == WILDCARD


def violations(validator, instance):
    found = []
    try:
        for error in validator.iter_errors(instance):
            if not ignorable(error):
                where = "/".join(map(str, error.absolute_path))
                message = error.message
                if error.context:  # anyOf/oneOf: say what each alternative missed
                    message = " | ".join(dict.fromkeys(sub.message[:120] for sub in error.context))
                found.append(f"at /{where}: {message[:400]}")
    except Exception as error:  # an unresolvable $ref, a bad pattern: report, do not crash
        found.append(f"cannot be validated: {type(error).__name__}: {str(error)[:240]}")
    return found


# What a transcript's per-engine placeholders stand for on each engine (Transcript.swift),
# with facts of the machine as a machine of CI has them.
ENGINES = {
    "sqlite": {"<<engine>>": "sqlite", "<<engineVersion>>": "3.40.1", "<<database>>": "golden.sqlite"},
    "postgresql": {"<<engine>>": "postgresql", "<<engineVersion>>": "15.18",
                   "<<database>>": "postgresql://postgres@127.0.0.1:5432/golden"},
}


def on_engine(value, engine):
    """An expected answer as it stands on `engine`: its placeholders replaced, members said
    of that engine (`sqlite:journalMode`) under their own names, those of others left out."""
    if isinstance(value, str):
        return ENGINES[engine].get(value, value)
    if isinstance(value, list):
        return [on_engine(item, engine) for item in value]
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            owner, colon, name = key.partition(":")
            if colon and owner in ENGINES:
                if owner == engine:
                    result[name] = on_engine(item, engine)
            else:
                result[key] = on_engine(item, engine)
        return result
    return value


def parse_transcript(path):
    """The exchanges of a transcript: (line, request text, [answer texts]), as Transcript.swift reads them."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    exchanges = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("--> ") or line == "-->":
            exchanges.append((index + 1, line[4:], []))
        elif line.startswith("<-- ") and exchanges:
            answer = line[4:]
            while index + 1 < len(lines) and lines[index + 1][:1] in (" ", "\t") and lines[index + 1]:
                index += 1
                answer += "\n" + lines[index]
            exchanges[-1][2].append(answer)
        index += 1
    return exchanges


class GoldenChecker:
    def __init__(self, document):
        self.document = document
        self.methods = {method["name"]: method for method in document["methods"]}
        self.validators = Validators(document)
        self.errors = {}
        for error in document["components"]["errors"].values():
            self.errors[error["code"]] = error
        self.checked = 0

    def method_codes(self, method):
        codes = set()
        for error in method.get("errors", []):
            target = resolve_pointer(self.document, error["$ref"]) if "$ref" in error else error
            if target:
                codes.add(target["code"])
        return codes

    def check_file(self, path):
        for line, request_text, answer_texts in parse_transcript(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            try:
                request = json.loads(request_text)
            except ValueError:
                request = None
            if not isinstance(request, (dict, list)):
                request = None
            for answer_text in answer_texts:
                try:
                    written = json.loads(answer_text)
                except ValueError:
                    fail(where, f"an expected answer is not JSON: {answer_text[:120]}")
                    continue
                answers = [on_engine(written, engine) for engine in ENGINES]
                for answer in answers if answers[0] != answers[1] else answers[:1]:
                    self.check_answer(where, request, answer)

    def check_answer(self, where, request, answer):
        """One expected answer (as it stands on one engine) against the document."""
        for problem in violations(self.validators.envelope(), answer):
            fail(where, f"the answer is not a JSON-RPC response line: {problem}")
        if isinstance(answer, list):
            entries = {}
            if isinstance(request, list):
                for entry in request:
                    if isinstance(entry, dict) and "id" in entry:
                        entries.setdefault(json.dumps(entry["id"]), []).append(entry)
            for response in answer:
                if isinstance(response, dict):
                    matching = entries.get(json.dumps(response.get("id")), [])
                    self.check_response(where, matching[0] if len(matching) == 1 else None, response)
        elif isinstance(answer, dict) and "method" in answer and "id" not in answer:
            self.check_notification(where, answer)
        elif isinstance(answer, dict):
            self.check_response(where, request if isinstance(request, dict) else None, answer)

    def check_notification(self, where, notification):
        self.checked += 1
        name = notification.get("method")
        if name in MCP_NOTIFICATIONS:
            return
        method = self.methods.get(name) if isinstance(name, str) else None
        if method is None or not sent_by_server(method):
            fail(where, f"the server sent a notification {name!r}, which openrpc.json does not mark as sent by the server")
            return
        for problem in violations(self.validators.params(method), notification.get("params")):
            fail(where, f"{name} params do not fit its schema {problem}")

    def check_response(self, where, request, response):
        self.checked += 1
        name = request.get("method") if request else None
        if name in MCP_METHODS:
            return
        method = self.methods.get(name) if isinstance(name, str) else None
        if request and request.get("id") is not None and response.get("id") is None:
            method = None  # an answer to input that was never read as this request (a line over the limit)
        if "result" in response:
            if method is not None and sent_by_server(method):
                fail(where, f"{name} is sent by the server, yet a call of it got a result")
                return
            if request is not None and method is None:
                fail(where, f"{name!r} answered with a result, but openrpc.json does not describe it")
                return
            if method is None:
                return
            for problem in violations(self.validators.result(method), response["result"]):
                fail(where, f"{name} result does not fit its schema {problem}")
            params = request.get("params")
            if params is None:
                params = {}
            if isinstance(params, dict):
                # An optional param given as null is the same as one left out.
                params = {key: value for key, value in params.items() if value is not None}
                for problem in violations(self.validators.params(method), params):
                    fail(where, f"{name} succeeded with params its schemas refuse {problem}")
        elif isinstance(response.get("error"), dict):
            error = response["error"]
            code = error.get("code")
            documented = self.errors.get(code)
            if documented is None:
                fail(where, f"error code {code} is not in components.errors")
                return
            if "data" in documented:
                if "data" not in error:
                    fail(where, f"error {code} has no data, but the document gives it {documented['data']['$ref']}")
                else:
                    for problem in violations(self.validators.schema(documented["data"]["$ref"]), error["data"]):
                        fail(where, f"error {code} data does not fit {documented['data']['$ref']} {problem}")
            elif "data" in error:
                fail(where, f"error {code} carries data, but the document gives it none")
            if method is not None and (code == -32602 or -32009 <= code <= -32001):
                if code not in self.method_codes(method):
                    fail(where, f"{name} answered {code}, which is not among the errors it documents")


def check_transcripts(document):
    checker = GoldenChecker(document)
    files = sorted(GOLDEN.glob("*.txt"))
    for path in files:
        checker.check_file(path)
    return len(files), checker.checked


# ---- main ------------------------------------------------------------------------------------

def main():
    try:
        document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"schema_check: cannot read {DOCUMENT}: {error}")
        return 1
    check_meta_schema(document)
    check_house_rules(document)
    check_embedded(document)
    binary = binary_path()
    if binary:
        check_discover(binary, document)
        check_method_set(binary, document)
    files, responses = check_transcripts(document)
    if problems:
        print(f"schema_check: {len(problems)} mismatch(es):")
        for problem in problems:
            print("  " + problem)
        return 1
    print(f"schema_check: ok: {len(document['methods'])} methods, "
          f"{len(document['components']['schemas'])} schemas; {responses} answers in {files} transcripts fit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
