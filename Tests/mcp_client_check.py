#!/usr/bin/env python3
"""Drives `boxoffice serve` as an MCP host does, with the official MCP Python SDK
(`mcp`, pinned in .ci/run): `stdio_client` spawns the binary and `ClientSession` talks to it.

It initializes (the SDK offers 2025-11-25), lists the tools and checks each with the SDK's
own `mcp.types.Tool`; calls every tool once with real arguments on the demo catalog and
checks each answer with `mcp.types.CallToolResult` and its `structuredContent` with the
tool's `outputSchema` (JSON Schema 2020-12, through jsonschema), and its arguments with the
`inputSchema`; holds two seats of a demo
showing, confirms them, reads the showing's seat map resource, and gets `isError: true`,
naming the seat and `seats_bestAvailable`, when another user asks for a taken seat. It also
checks every MCP answer written in Tests/Golden/*.txt with the SDK's result types, and that
the server wrote no error line on stderr.

A second host session, on a server with the real clock, subscribes to the seat map resource;
a third process books two seats of it over plain JSON-RPC lines; the session must receive
`notifications/resources/updated` for that URI (with no request of its own to prompt it),
and reading the resource again shows the seats booked.

Exits 0 when all holds, 1 with a report when not, and 3 when the `mcp` package is missing
(the Swift test then skips loudly, unless BOXOFFICE_REQUIRE_FOREIGN_CLIENTS=1).
"""

import json
import os
import sys
import tempfile
import warnings
from pathlib import Path

try:
    import anyio
    import jsonschema
    import mcp.types as types
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client
except ImportError as error:  # pragma: no cover - the environment decides
    print(f"mcp_client_check: a package is missing ({error}); .ci/run installs the pinned mcp")
    sys.exit(3)

# The SDK warns that a protocol version newer than those boxoffice speaks (2025-06-18,
# 2025-11-25) drops resources/subscribe; in the versions negotiated here it is the way.
warnings.filterwarnings("ignore", message=r"resources/(un)?subscribe is removed")

ROOT = Path(__file__).resolve().parent.parent
BINARY = os.environ.get("BOXOFFICE_BINARY") or str(ROOT / ".build" / "debug" / "boxoffice")
SHOWING = "00000000-0000-4000-8000-000000000153"  # the demo's Lumière, Salle 1
problems = []
facts = {}


def check(condition, message):
    if not condition:
        problems.append(message)
    return condition


def structured(result, name):
    """The structuredContent of a successful call, checked against the SDK's type."""
    types.CallToolResult.model_validate(result.model_dump(by_alias=True, exclude_none=True))
    text = " ".join(block.text for block in result.content if block.type == "text")
    check(not result.is_error, f"{name} refused: {text[:300]}")
    check(result.structured_content is not None, f"{name} has no structuredContent")
    if result.content and result.content[0].type == "text" and result.structured_content is not None:
        check(json.loads(result.content[0].text) == result.structured_content,
              f"{name}: the first text block is not the same JSON as structuredContent")
    return result.structured_content or {}


async def session_checks(session, errlog):
    initialized = await session.initialize()
    check(initialized.protocol_version in ("2025-06-18", "2025-11-25"),
          f"negotiated {initialized.protocol_version}")
    check(initialized.server_info.name == "boxoffice", f"server {initialized.server_info}")
    caps = initialized.capabilities
    check(caps.tools is not None and caps.resources is not None, f"capabilities {caps}")
    await session.send_ping()

    listed = await session.list_tools()
    tools = {tool.name: tool for tool in listed.tools}
    for tool in listed.tools:
        types.Tool.model_validate(tool.model_dump(by_alias=True, exclude_none=True))
        check(tool.output_schema and tool.output_schema.get("type") == "object", f"{tool.name}: outputSchema")
        check(tool.annotations is not None and tool.annotations.open_world_hint is False, f"{tool.name}: annotations")
        check(tool.title and tool.description, f"{tool.name}: title and description")
    check("rpc_discover" not in tools and "booking_hold" in tools, f"tools: {sorted(tools)}")
    validators = {name: jsonschema.Draft202012Validator(tool.output_schema) for name, tool in tools.items()}
    inputs = {name: jsonschema.Draft202012Validator(tool.input_schema) for name, tool in tools.items()}
    called = set()

    async def call(name, arguments):
        for error in inputs[name].iter_errors(arguments):
            problems.append(f"{name}: the inputSchema refuses arguments the server takes: {error.message[:200]}")
        result = await session.call_tool(name, arguments)
        value = structured(result, name)
        for error in validators[name].iter_errors(value):
            problems.append(f"{name}: structuredContent does not fit outputSchema at "
                            f"/{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
        called.add(name)
        return value, result

    await call("server_info", {})
    await call("movies_list", {})
    movie, _ = await call("movies_create", {"title": "Through the Host", "durationMinutes": 95, "rating": "PG"})
    await call("theaters_list", {})
    theater, _ = await call("theaters_create", {"name": "Studio MCP", "city": "Lyon",
                                                "screens": [{"name": "One", "layout": ["A: RRRR.RRRR", "B: PPPPPPPPP"]}]})
    showing, _ = await call("showings_create", {
        "movieId": movie["id"], "screenId": theater["screens"][0]["id"], "startsAt": "2030-01-05T18:00:00Z",
        "currency": "EUR", "prices": {"regular": 900, "premium": 1200}})
    await call("showings_list", {"minAvailable": 2})
    await call("availability_get", {"showingId": showing["id"]})
    await call("availability_check", {"showingId": showing["id"], "seats": ["A1", "b2"]})
    await call("seats_bestAvailable", {"showingId": showing["id"], "count": 3})
    await call("seats_block", {"showingId": showing["id"], "seats": ["A8"], "reason": "broken"})
    await call("seats_unblock", {"showingId": showing["id"], "seats": ["A8"]})

    # ana holds two seats of a demo showing, and confirms them.
    hold, _ = await call("booking_hold", {"showingId": SHOWING, "userId": "ana", "seats": ["D5", "D6"]})
    check(hold.get("status") == "pending", f"hold: {hold}")
    booking, _ = await call("booking_confirm", {"bookingId": hold["id"], "userId": "ana"})
    check(booking.get("status") == "confirmed", f"confirm: {booking}")
    await call("booking_get", {"bookingNumber": booking["bookingNumber"], "userId": "ana"})
    await call("booking_list", {"userId": "ana"})
    await call("booking_create", {"showingId": showing["id"], "userId": "bo", "seats": ["B1"]})
    other, _ = await call("booking_hold", {"showingId": showing["id"], "userId": "cy", "best": {"count": 2}})
    await call("booking_extend", {"bookingId": other["id"], "userId": "cy", "ttlSeconds": 900})
    await call("booking_cancel", {"bookingId": other["id"], "userId": "cy"})
    seat_map, drawn = await call("seatmap_get", {"showingId": SHOWING, "userId": "ana"})
    check(len(drawn.content) == 2 and "SCREEN" in drawn.content[1].text and "\x1b" not in drawn.content[1].text,
          "seatmap_get: the second block is no plain drawing")
    check(called == set(tools), f"tools never called: {sorted(set(tools) - called)}")
    facts["tools"] = len(called)
    facts["protocol"] = initialized.protocol_version

    # bo asks for a seat ana booked: a result with isError that names it and the way out.
    refused = await session.call_tool("booking_hold", {"showingId": SHOWING, "userId": "bo", "seats": ["D6", "D7"]})
    types.CallToolResult.model_validate(refused.model_dump(by_alias=True, exclude_none=True))
    words = refused.content[0].text if refused.content else ""
    check(refused.is_error is True, f"a taken seat was not refused: {refused}")
    check("D6" in words and "seats_bestAvailable" in words, f"the refusal says: {words}")

    # The seat map as a resource.
    templates = await session.list_resource_templates()
    check(any(t.uri_template == "boxoffice://showings/{id}/seatmap" for t in templates.resource_templates),
          f"templates: {templates}")
    resources = await session.list_resources()
    check(any(str(r.uri).endswith(f"{SHOWING}/seatmap") for r in resources.resources), "resources/list")
    read = await session.read_resource(f"boxoffice://showings/{SHOWING}/seatmap")
    types.ReadResourceResult.model_validate(read.model_dump(by_alias=True, exclude_none=True))
    as_json = json.loads(read.contents[0].text)
    statuses = {seat["label"]: seat["status"] for row in as_json["rows"] for seat in row["seats"]}
    check(statuses.get("D5") == "booked" and statuses.get("D6") == "booked", f"the resource says D5/D6 are "
          f"{statuses.get('D5')}/{statuses.get('D6')}")
    check(read.contents[1].mime_type == "text/plain", "the resource has no drawing")


async def subscription_checks(database, directory, errlog):
    """A host subscribed to a seat map is told when another process books seats of it."""
    uri = f"boxoffice://showings/{SHOWING}/seatmap"
    updated = anyio.Event()
    seen = []

    async def on_message(message):
        if isinstance(message, Exception):
            problems.append(f"the session saw an exception: {message!r}")
            return
        if isinstance(message, types.ResourceUpdatedNotification):
            seen.append(str(message.params.uri))
            if str(message.params.uri) == uri:
                updated.set()

    server = StdioServerParameters(command=BINARY, args=["serve", "--db", database], cwd=directory)
    async with stdio_client(server, errlog=errlog) as (read, write):
        async with ClientSession(read, write, message_handler=on_message) as session:
            initialized = await session.initialize()
            check(initialized.capabilities.resources is not None and initialized.capabilities.resources.subscribe,
                  f"resources.subscribe is not offered: {initialized.capabilities}")
            await session.subscribe_resource(uri)
            await session.subscribe_resource(uri)  # twice is still one subscription
            booking = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "booking.create", "params": {
                "showingId": SHOWING, "userId": "dee", "seats": ["F1", "F2"]}}) + "\n"
            other = await anyio.run_process([BINARY, "serve", "--db", database], input=booking.encode(), check=False)
            answer = json.loads(other.stdout.decode().splitlines()[0])
            check(answer.get("result", {}).get("status") == "confirmed", f"the other process's booking: {answer}")
            with anyio.move_on_after(5):
                await updated.wait()
            if check(updated.is_set(), f"no notifications/resources/updated for {uri} within 5 s (saw {seen})"):
                check(seen.count(uri) == 1, f"one booking, {seen.count(uri)} updates: {seen}")
                again = await session.read_resource(uri)
                statuses = {seat["label"]: seat["status"]
                            for row in json.loads(again.contents[0].text)["rows"] for seat in row["seats"]}
                check(statuses.get("F1") == "booked" and statuses.get("F2") == "booked",
                      f"after the update F1/F2 read {statuses.get('F1')}/{statuses.get('F2')}")
            await session.unsubscribe_resource(uri)
            facts["updated"] = len(seen)


GOLDEN_RESULTS = {
    "initialize": types.InitializeResult, "ping": types.EmptyResult, "tools/list": types.ListToolsResult,
    "tools/call": types.CallToolResult, "resources/list": types.ListResourcesResult,
    "resources/templates/list": types.ListResourceTemplatesResult, "resources/read": types.ReadResourceResult,
    "resources/subscribe": types.EmptyResult, "resources/unsubscribe": types.EmptyResult,
}


def golden_checks():
    """Every MCP answer written in a golden transcript is what the SDK's types accept."""
    count = 0
    for path in sorted((ROOT / "Tests" / "Golden").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        request = None
        for index, line in enumerate(lines):
            if line.startswith("--> "):
                try:
                    request = json.loads(line[4:])
                except ValueError:
                    request = None
            elif line.startswith("<-- ") and isinstance(request, dict):
                text = line[4:]
                follow = index + 1
                while follow < len(lines) and lines[follow][:1] in (" ", "\t") and lines[follow]:
                    text += "\n" + lines[follow]
                    follow += 1
                answer = json.loads(text)
                if answer.get("method") == "notifications/resources/updated":
                    try:
                        types.ResourceUpdatedNotification.model_validate(answer)
                        count += 1
                    except Exception as error:
                        problems.append(f"{path.name}:{index + 1}: not a valid ResourceUpdatedNotification: "
                                        f"{str(error)[:300]}")
                    continue
                kind = GOLDEN_RESULTS.get(request.get("method"))
                if kind and "result" in answer:
                    try:
                        kind.model_validate(answer["result"])
                        count += 1
                    except Exception as error:  # pydantic's ValidationError, whatever its module
                        problems.append(f"{path.name}:{index + 1}: not a valid {kind.__name__}: {str(error)[:300]}")
    check(count >= 5, f"only {count} MCP answers in the golden transcripts")
    facts["golden"] = count


async def main():
    with tempfile.TemporaryDirectory(prefix="boxoffice-mcp-") as directory:
        database = os.path.join(directory, "mcp.sqlite")
        errlog_path = os.path.join(directory, "stderr.txt")
        server = StdioServerParameters(
            command=BINARY, args=["serve", "--db", database, "--demo", "--deterministic"], cwd=directory)
        with open(errlog_path, "w", encoding="utf-8") as errlog:
            with anyio.fail_after(60):
                async with stdio_client(server, errlog=errlog) as (read, write):
                    async with ClientSession(read, write) as session:
                        await session_checks(session, errlog)
                await subscription_checks(database, directory, errlog)
        logged = Path(errlog_path).read_text(encoding="utf-8")
        for line in logged.splitlines():
            check(" error " not in line and " critical " not in line, f"the server logged: {line}")
    golden_checks()


if __name__ == "__main__":
    anyio.run(main)
    if problems:
        print(f"mcp_client_check: {len(problems)} problem(s):")
        for problem in problems:
            print("  " + problem)
        sys.exit(1)
    print(f"mcp_client_check: ok: protocol {facts.get('protocol')}, {facts.get('tools')} tools called and their "
          f"outputSchema met, {facts.get('updated')} resource update from another process's booking, "
          f"{facts.get('golden')} MCP answers of the golden transcripts valid")
