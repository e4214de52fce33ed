import JSONRPC

/// How a contract method shows itself to an MCP host as a tool: the words an assistant
/// reads when it chooses among tools, and what calling it does to the box office. The
/// tool's name and schemas come from the OpenRPC document (`ToolCatalog`); only these
/// words live here, beside nothing else, so that they are written for that reader.
struct ToolFace: Sendable {
    /// What calling the tool does to the box office.
    enum Effect: Sendable {
        /// Reads only.
        case reads
        /// Adds something new and changes nothing that was there.
        case adds
        /// Changes what is there: `destructive` when it takes something away (a booking,
        /// a seat from sale); `idempotent` when calling it again with the same arguments
        /// changes nothing more.
        case changes(destructive: Bool, idempotent: Bool)
    }

    /// A short name for people (`Hold seats for a customer`).
    var title: String
    /// When to use the tool, what to give it, what comes back and what to do next.
    var description: String
    /// What calling it does.
    var effect: Effect

    /// The MCP `ToolAnnotations`: nothing the box office does reaches outside it.
    var annotations: JSONValue {
        let (readOnly, destructive, idempotent): (Bool, Bool, Bool) =
            switch effect {
            case .reads: (true, false, true)
            case .adds: (false, false, false)
            case .changes(let destructive, let idempotent): (false, destructive, idempotent)
            }
        return [
            "title": .string(title), "readOnlyHint": .bool(readOnly), "destructiveHint": .bool(destructive),
            "idempotentHint": .bool(idempotent), "openWorldHint": false,
        ]
    }

    /// What every description may lean on, said once: ids, seats, money and users.
    static let conventions =
        " Ids are lowercase UUIDs taken from other tools' answers; money is {amount, currency} in minor units"
        + " ({\"amount\": 1450, \"currency\": \"EUR\"} is 14.50 EUR); times are UTC, like 2030-01-02T18:00:00Z."
}

extension ServerInfo {
    static let tool: ToolFace? = ToolFace(
        title: "Box office clock and facts",
        description:
            "What this box office is and what time its clock says (`now`). Showings, holds and the end of sales are"
            + " all judged by this clock, so check it before telling someone whether a showing is still to come.",
        effect: .reads)
}

extension CreateMovie {
    static let tool: ToolFace? = ToolFace(
        title: "Add a movie",
        description:
            "Adds a movie to the catalog (for the people who run the cinema, not for customers): a title, its"
            + " running time in minutes and an optional rating such as \"PG-13\". Answers with the movie and its id,"
            + " which showings_create needs. Calling it twice adds the movie twice.",
        effect: .adds)
}

extension ListMovies {
    static let tool: ToolFace? = ToolFace(
        title: "List movies",
        description:
            "Every movie in the catalog, by title, with its id, running time and rating. To find when a movie"
            + " plays, pass its id to showings_list as `movieId`.",
        effect: .reads)
}

extension CreateTheater {
    static let tool: ToolFace? = ToolFace(
        title: "Add a theater with its screens",
        description:
            "Adds a theater and its screens (for the people who run the cinema). Each screen has a layout: rows"
            + " front first, each \"<label>: <cells>\" with one character a cell: R regular, P premium, V vip,"
            + " W wheelchair space, C companion seat, . an aisle or gap (\"A: RRRR..RRRR\" is A1 to A8 with an aisle"
            + " after A4). Answers with the theater and its screens' ids, which showings_create needs.",
        effect: .adds)
}

extension ListTheaters {
    static let tool: ToolFace? = ToolFace(
        title: "List theaters and screens",
        description:
            "Every theater with its city and screens: each screen's id, name, capacity and how many seats of each"
            + " type it has. To find what plays in a theater, pass its id to showings_list as `theaterId`.",
        effect: .reads)
}

extension CreateShowing {
    static let tool: ToolFace? = ToolFace(
        title: "Schedule a showing",
        description:
            "Schedules a movie on a screen at a time (for the people who run the cinema), with a price for each"
            + " seat type the screen has, in minor units of `currency`. Sales close at `salesCloseAt`, by default"
            + " when it starts. Refused when the screen is busy then. Answers with the showing and its id."
            + ToolFace.conventions,
        effect: .adds)
}

extension ListShowings {
    static let tool: ToolFace? = ToolFace(
        title: "Find showings",
        description:
            "Finds showings: by default every upcoming one, soonest first, each with its movie, theater, screen,"
            + " prices, status (open or closed for sale) and how many seats are available right now. Narrow it"
            + " with `movieId`, `theaterId`, a time window (`from`, `to`) or `minAvailable` (at least that many free"
            + " seats, say for a group). Start here to find a showing's id for the seat tools."
            + ToolFace.conventions,
        effect: .reads)
}
