import JSONRPC

extension GetSeatMap {
    static let tool: ToolFace? = ToolFace(
        title: "Show a showing's seat map",
        description:
            "Every seat of a showing, row by row from the screen back, with its label (D5), type, price and status"
            + " right now (available, held, booked or blocked). Also answers with a drawing of the room that can be"
            + " shown to a person as it is. Give `userId` to learn which seats that person already holds or"
            + " booked (`mine`). For a group, seats_bestAvailable chooses for you." + ToolFace.conventions,
        effect: .reads)
}

extension GetAvailability {
    static let tool: ToolFace? = ToolFace(
        title: "Count a showing's free seats",
        description:
            "How many seats of a showing are available, held, booked and blocked right now, and per seat type"
            + " its price and how many are free. Cheaper than the whole seat map when only numbers matter.",
        effect: .reads)
}

extension CheckAvailability {
    static let tool: ToolFace? = ToolFace(
        title: "Check whether seats are free",
        description:
            "Whether the named seats of a showing (labels such as \"D5\", or seat ids; up to 50) are all available"
            + " right now, with each one's status. Reserves nothing: to keep seats, hold them with booking_hold.",
        effect: .reads)
}

extension FindBestSeats {
    static let tool: ToolFace? = ToolFace(
        title: "Suggest the best free seats for a group",
        description:
            "Chooses the best available seats of a showing for a group of `count` (1 to 50): side by side in one"
            + " row near the middle of the room, leaving no lone seat stranded, or over the fewest rows when no row"
            + " has room (`together: false`). Limit the seat types with `types`; `wheelchairSpaces` asks for that"
            + " many wheelchair spaces with companion seats beside them. Holds nothing: pass the labels to"
            + " booking_hold, or call booking_hold with `best` to choose and hold at once.",
        effect: .reads)
}

extension BlockSeats {
    static let tool: ToolFace? = ToolFace(
        title: "Take seats out of sale",
        description:
            "Blocks seats of a showing (a broken seat, a press row; for the people who run the cinema) so that no"
            + " one can hold or book them, with an optional `reason`. All or nothing: a seat that is held or booked"
            + " cannot be blocked, and then nothing is. seats_unblock puts them back on sale.",
        effect: .changes(destructive: true, idempotent: true))
}

extension UnblockSeats {
    static let tool: ToolFace? = ToolFace(
        title: "Put blocked seats back on sale",
        description:
            "Unblocks seats of a showing that seats_block took out of sale, so that they can be held and booked"
            + " again. A seat that was not blocked is left as it is.",
        effect: .changes(destructive: false, idempotent: true))
}

extension HoldSeats {
    static let tool: ToolFace? = ToolFace(
        title: "Hold seats for a customer",
        description:
            "Holds seats of a showing for one customer while they decide, so that no one else can take them. Name"
            + " the seats (`seats`: labels such as \"D5\", or seat ids), or let the box office choose the best group"
            + " (`best: {\"count\": 2}`); give exactly one of the two. `userId` names the customer (any name you"
            + " choose, used again for every later call about this booking). All seats or none: when any is taken,"
            + " nothing is held and the answer says which. Answers with a booking: status \"pending\", its `id`,"
            + " `total` and `expiresAt` (by default 10 minutes on). Confirm it with booking_confirm before then, or"
            + " the seats go back on sale by themselves. Pass an `idempotencyKey` to make a retry safe."
            + ToolFace.conventions,
        effect: .adds)
}

extension ConfirmBooking {
    static let tool: ToolFace? = ToolFace(
        title: "Confirm a hold",
        description:
            "Turns a pending hold into a confirmed booking: the seats are booked at the prices they were held at,"
            + " and the booking is saved before the answer comes. Only the `userId` that made the hold can confirm"
            + " it. Confirming a confirmed booking changes nothing; a hold that expired cannot be confirmed (hold"
            + " the seats again). Answers with the booking and its `bookingNumber`, which a customer can quote.",
        effect: .changes(destructive: false, idempotent: true))
}

extension CreateBooking {
    static let tool: ToolFace? = ToolFace(
        title: "Book seats at once",
        description:
            "Books the named seats of a showing outright for a customer, with no hold first: all of them or none."
            + " Give `expectedTotal` (the total you showed the customer) to be refused rather than charged another"
            + " amount. Prefer booking_hold then booking_confirm when the customer still has to agree."
            + ToolFace.conventions,
        effect: .adds)
}

extension ExtendHold {
    static let tool: ToolFace? = ToolFace(
        title: "Extend a hold",
        description:
            "Gives a pending hold more time: it now expires `ttlSeconds` from now, but never more than two hours"
            + " after it was made, nor after sales close. Never shortens a hold. A hold that already expired cannot"
            + " be extended (hold the seats again).",
        effect: .changes(destructive: false, idempotent: false))
}

extension CancelBooking {
    static let tool: ToolFace? = ToolFace(
        title: "Cancel a booking or some of its seats",
        description:
            "Cancels a hold or a confirmed booking, freeing its seats for others; with `seats`, frees only those"
            + " and keeps the rest at a new total. Only the `userId` that made it can cancel it, and only while"
            + " sales for the showing are open. Cannot be undone: ask the customer first.",
        effect: .changes(destructive: true, idempotent: true))
}

extension GetBooking {
    static let tool: ToolFace? = ToolFace(
        title: "Look up a booking",
        description:
            "One booking of a customer, by its `bookingId` or by the `bookingNumber` the customer quotes (such as"
            + " BX-7K3P9Q); give one of the two, and the customer's `userId`. Answers with its status as of now"
            + " (pending, confirmed, cancelled, or expired for a hold that ran out), seats, total and showing.",
        effect: .reads)
}

extension ListBookings {
    static let tool: ToolFace? = ToolFace(
        title: "List a customer's bookings",
        description:
            "A customer's bookings and holds, newest first, 20 at a time (`limit` up to 100); pass the answer's"
            + " `nextCursor` as `cursor` for the next page. Narrow it to one showing or one status (pending,"
            + " confirmed, cancelled, expired).",
        effect: .reads)
}
