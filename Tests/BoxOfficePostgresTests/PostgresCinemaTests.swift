import BoxOffice
import BoxOfficeTesting
import Dispatch
import Foundation
import Synchronization
import Testing

@testable import BoxOfficePostgres

/// A box office on a fresh PostgreSQL database with the lifecycle tests' screen: `A: RRRR`
/// (1000 each), `B: PPPP` (1500 each), `C: WC.RR`; one showing whose sales close at
/// 2030-01-02T19:30:00Z.
struct PostgresFixture {
    let url: String
    let store: PostgresStore
    let cinema: Cinema
    let clock: ManualClock
    let showing: Showing

    init(url: String? = nil, ids: any IdentifierSource = CountingIdentifiers()) throws {
        let url = try url ?? PostgresTestDatabase.fresh()
        self.url = url
        store = try PostgresStore.open(url: url)
        clock = ManualClock(start: try .at("2030-01-01T00:00:00Z"))
        cinema = Cinema(store: store, clock: clock, ids: ids)
        showing = try LifecycleCatalog.install(into: cinema)
    }

    /// Another process on the same database: its own store and clock, random ids.
    func otherProcess() throws -> Cinema {
        Cinema(store: try PostgresStore.open(url: url), clock: clock, ids: RandomIdentifiers())
    }

    func hold(_ userId: String, _ seats: [String], ttl: Int64? = nil, key: String? = nil, in cinema: Cinema? = nil)
        throws -> Booking
    {
        try (cinema ?? self.cinema).hold(
            HoldRequest(showingId: showing.id, userId: userId, seats: seats, ttlSeconds: ttl, idempotencyKey: key))
    }

    func book(_ userId: String, _ seats: [String], key: String? = nil, in cinema: Cinema? = nil) throws -> Booking {
        try (cinema ?? self.cinema).createBooking(
            BookingRequest(showingId: showing.id, userId: userId, seats: seats, idempotencyKey: key))
    }

    func statuses() throws -> String {
        try cinema.seatMap(showingId: showing.id).rows.flatMap(\.seats).filter { $0.status != .available }
            .map { "\($0.label) \($0.status.rawValue)" }.joined(separator: ", ")
    }

    /// How many rows `table` has.
    func count(_ table: String) throws -> Int {
        Int(try PostgresTestDatabase.admin(url, "SELECT count(*)::text FROM \(table)").first??.description ?? "") ?? -1
    }

    /// The showing's key, for a test's own lock on it.
    func showingKey() throws -> String {
        try #require(try PostgresTestDatabase.admin(url, "SELECT id::text FROM showing").first ?? nil)
    }
}

private func euros(_ amount: Int64) -> Money { Money(amount: amount, currency: "EUR") }

@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "BOXOFFICE_TEST_POSTGRES_URL names no PostgreSQL server"))
struct PostgresCinemaTests {
    @Test func theBookingLifecycleAnswersAsOnSQLite() throws {
        let f = try PostgresFixture()
        let hold = try f.hold("alice", ["A1", "B2"])
        let tenPast = try Timestamp.at("2030-01-01T00:10:00Z")
        #expect(hold.status == .pending && hold.expiresAt == tenPast)
        #expect(hold.seats.map(\.label) == ["A1", "B2"] && hold.total == euros(2500))
        #expect(try f.cinema.booking(.id(hold.id), userId: "alice") == hold)
        #expect(try f.cinema.booking(.number(hold.bookingNumber.lowercased()), userId: "alice") == hold)

        f.clock.advance(seconds: 30)
        let confirmed = try f.cinema.confirm(bookingId: hold.id, userId: "alice")
        #expect(confirmed.status == .confirmed && confirmed.expiresAt == nil)
        #expect(confirmed.updatedAt == (try .at("2030-01-01T00:00:30Z")))

        #expect(
            boxOfficeError { try f.book("bob", ["A1", "A2", "B2"]) }
                == .seatsUnavailable([
                    SeatState(id: hold.seats[0].id, label: "A1", status: .booked, mine: false),
                    SeatState(id: hold.seats[1].id, label: "B2", status: .booked, mine: false),
                ]))
        #expect(try f.count("booking") == 1, "the refused booking left nothing")

        let booking = try f.book("bob", ["A2", "A3", "B1"])
        let partly = try f.cinema.cancel(bookingId: booking.id, userId: "bob", seats: ["A3"])
        #expect(partly.seats.map(\.label) == ["A2", "B1"] && partly.total == euros(2500))
        #expect(
            boxOfficeError { try f.cinema.confirm(bookingId: booking.id, userId: "eve") }
                == .forbidden(bookingId: booking.id))

        _ = try f.cinema.blockSeats(showingId: f.showing.id, seats: ["C4"], reason: "broken")
        #expect(
            boxOfficeError { try f.hold("carol", ["C4"]) }
                == .seatsUnavailable([SeatState(id: try seatId(f, "C4"), label: "C4", status: .blocked, mine: false)]))
        #expect(try f.statuses() == "A1 booked, A2 booked, B1 booked, B2 booked, C4 blocked")
        _ = try f.cinema.unblockSeats(showingId: f.showing.id, seats: ["C4"])

        let short = try f.hold("dave", ["C4", "C3"], ttl: 60)
        let extended = try f.cinema.extend(bookingId: short.id, userId: "dave", ttlSeconds: 120)
        #expect(extended.expiresAt == (try .at("2030-01-01T00:02:30Z")))
        f.clock.advance(seconds: 121)
        #expect(
            boxOfficeError { try f.cinema.confirm(bookingId: short.id, userId: "dave") }
                == .holdExpired(bookingId: short.id, expiredAt: try .at("2030-01-01T00:02:30Z")))
        // The expired hold's seats go to the next one, which writes the expiry down.
        let next = try f.hold("erin", ["C4"])
        #expect(next.seats.map(\.label) == ["C4"])
        #expect(try f.cinema.booking(.id(short.id), userId: "dave").status == .expired)

        let page = try f.cinema.bookings(userId: "bob")
        #expect(page.bookings.map(\.id) == [booking.id])
        let summary = try #require(
            try f.cinema.showings(matching: ShowingFilter(from: try .at("2030-01-01T00:00:00Z"))).first)
        #expect(summary.capacity == 12 && summary.available == 7)
        // 2 held, 2 booked, 3 booked, 1 cancelled, 1 blocked, 1 unblocked, 2 held, 2 expired, 1 held.
        #expect(try f.count("seatEvent") == 15)
    }

    @Test func bestAvailableHoldsAndAnIdempotentRetryReplays() throws {
        let f = try PostgresFixture()
        let first = try f.cinema.hold(
            HoldRequest(
                showingId: f.showing.id, userId: "ana", seats: [], best: BestAvailableRequest(count: 2),
                idempotencyKey: "k1"))
        #expect(first.seats.count == 2)
        let rows = try f.count("booking")
        let again = try f.cinema.hold(
            HoldRequest(
                showingId: f.showing.id, userId: "ana", seats: [], best: BestAvailableRequest(count: 2),
                idempotencyKey: "k1"))
        #expect(again == first)
        #expect(try f.count("booking") == rows)
        #expect(
            boxOfficeError {
                try f.cinema.hold(
                    HoldRequest(
                        showingId: f.showing.id, userId: "ana", seats: [], best: BestAvailableRequest(count: 3),
                        idempotencyKey: "k1"))
            } == .idempotencyKeyReused(key: "k1", operation: .hold))
    }

    @Test func processesRacingForTheSameSeatsNeverShareOne() throws {
        let f = try PostgresFixture(ids: RandomIdentifiers())
        let processes = try (0..<6).map { _ in try f.otherProcess() }
        let labels = ["A1", "A2", "A3", "A4", "B1", "B2"]
        let won = try onThreads(processes.count) { index in
            var mine: [String] = []
            for round in 0..<8 {
                let pair = [labels[(index + round) % 6], labels[(index + round + 1) % 6]]
                do {
                    mine += try f.book("user\(index)", pair, in: processes[index]).seats.map(\.label)
                } catch BoxOfficeError.seatsUnavailable {
                }
            }
            return mine
        }.flatMap { $0 }
        #expect(won.count == Set(won).count, "no seat won twice: \(won.sorted())")
        #expect(
            try PostgresTestDatabase.admin(
                f.url, "SELECT count(*)::text FROM claim WHERE releasedAt IS NULL") == [String(won.count)])
    }

    @Test func twoCallsWithOneIdempotencyKeyAtOnceBookOnce() throws {
        let f = try PostgresFixture(ids: RandomIdentifiers())
        let processes = try (0..<4).map { _ in try f.otherProcess() }
        let ids = Set(
            try onThreads(processes.count) { try f.book("ana", ["B3", "B4"], key: "once", in: processes[$0]).id })
        #expect(ids.count == 1)
        #expect(try f.count("booking") == 1)
    }

    @Test func aShowingLockedTooLongIsBusyAndWritesNothing() throws {
        let f = try PostgresFixture()
        let side = try SideConnection(f.url)
        try side.run("BEGIN")
        try side.run("SELECT pg_advisory_xact_lock(\(try f.showingKey()))::text")
        let started = ContinuousClock.now
        #expect(boxOfficeError { try f.book("ana", ["A1"]) } == .busy)
        let waited = ContinuousClock.now - started
        #expect(waited >= .seconds(2.9) && waited < .seconds(10), "\(waited)")
        try side.run("ROLLBACK")
        #expect(try f.count("booking") == 0)
        #expect(try f.book("ana", ["A1"]).seats.map(\.label) == ["A1"])
    }

    @Test func aDeadlockRunsTheWriteAgain() throws {
        let f = try PostgresFixture()
        let other = try f.cinema.createShowing(
            NewShowing(
                movieId: try #require(f.cinema.movies().first).id, screenId: f.showing.screenId,
                startsAt: try .at("2030-01-03T20:00:00Z"), currency: "EUR",
                prices: ["regular": 1000, "premium": 1500, "wheelchair": 500, "companion": 500]))
        let keys = try PostgresTestDatabase.admin(f.url, "SELECT id::text FROM showing ORDER BY id")
        let (first, second) = (try #require(keys[0]), try #require(keys[1]))
        let side = try SideConnection(f.url)
        try side.run("BEGIN")
        try side.run("SET LOCAL deadlock_timeout = '10s'")
        try side.run("SELECT pg_advisory_xact_lock(\(second))::text")
        let runs = Mutex(0)
        let sideDone = DispatchSemaphore(value: 0)
        let result = try f.store.write { records in
            let run = runs.withLock { runs in
                runs += 1
                return runs
            }
            _ = try records.liveClaims(showingId: f.showing.id, now: f.clock.now(), seatIds: nil)
            if run == 1 {
                // The side waits for the first showing while holding the second.
                DispatchQueue.global().async {
                    _ = try? side.run("SELECT pg_advisory_xact_lock(\(first))::text")
                    _ = try? side.run("COMMIT")
                    sideDone.signal()
                }
                Thread.sleep(forTimeInterval: 0.3)
            }
            return try records.liveClaims(showingId: other.id, now: f.clock.now(), seatIds: nil).count
        }
        sideDone.wait()
        #expect(result == 0)
        #expect(runs.withLock { $0 } == 2)
    }

    @Test func anotherProcessesCommitIsSeenAtOnceAndNotifiedSoon() throws {
        let f = try PostgresFixture()
        let other = try f.otherProcess()
        let feed = try f.store.changeFeed() as! PostgresChangeFeed
        #expect(try feed.committedSinceLastLook())
        // Any transaction of the cluster that wrote moves the snapshot (a harmless yes), and
        // other tests write now: so a no may take a few looks.
        #expect(try settles(feed))
        _ = try f.book("ana", ["A1"], in: other)
        // Exact: the commit whose answer was read is seen by the very next look.
        #expect(try feed.committedSinceLastLook())
        #expect(try settles(feed))
        // And its notification comes on the listening connection well within 250 ms.
        _ = try f.book("bo", ["A2"], in: other)
        let started = ContinuousClock.now
        var notified = false
        while ContinuousClock.now - started < .milliseconds(250) {
            if feed.hasNotification {
                notified = true
                break
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(notified)
        #expect(try feed.committedSinceLastLook())
        // This store's own commits count too.
        _ = try f.book("cy", ["A3"])
        #expect(try feed.committedSinceLastLook())
    }

    @Test func aLiveSeatMapSeesAnotherProcessAndAKeptSeatMapIsNotReusedAcrossIt() throws {
        let f = try PostgresFixture()
        let other = try f.otherProcess()
        let live = LiveSeatMaps(cinema: f.cinema)
        _ = try live.subscribe(showingId: f.showing.id)
        #expect(try live.changes().isEmpty)
        // Other tests' writes on the cluster are harmless yeses: a few tries find a quiet moment.
        var version: SeatMapVersion?
        var reused = false
        for _ in 0..<200 where !reused {
            version = try f.cinema.seatMapSnapshot(showingId: f.showing.id, userId: nil, unlessUnchangedSince: nil).1
            reused =
                try f.cinema.seatMapSnapshot(showingId: f.showing.id, userId: nil, unlessUnchangedSince: version).0
                == nil
        }
        #expect(reused, "nothing changed: the kept seat map stands")
        _ = try f.book("ana", ["B1", "B2"], in: other)
        let (fresh, _) = try f.cinema.seatMapSnapshot(
            showingId: f.showing.id, userId: nil, unlessUnchangedSince: version)
        #expect(fresh?.counts.booked == 2)
        let change = try #require(try live.changes().first)
        #expect(change.seats.map { "\($0.label) \($0.status)" } == ["B1 booked", "B2 booked"])
    }

    @Test func aServerThatGoesAwayIsAnErrorAndComingBackNeedsNoRestart() throws {
        let f = try PostgresFixture()
        let server = try #require(PostgresTestDatabase.serverURL)
        let name = try PostgresLocation(url: f.url).database
        try PostgresTestDatabase.admin(server, "ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        try PostgresTestDatabase.admin(
            server, "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity WHERE datname = '\(name)'")
        #expect(boxOfficeError { try f.cinema.movies() } == .databaseUnavailable(commitUnknown: false))
        #expect(boxOfficeError { try f.book("ana", ["A1"]) } == .databaseUnavailable(commitUnknown: false))
        try PostgresTestDatabase.admin(server, "ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
        #expect(try f.cinema.movies().map(\.title) == ["Lifecycle"])
        #expect(try f.book("ana", ["A1"]).seats.map(\.label) == ["A1"])
        #expect(f.store.connectionsMade == 2)
    }

    @Test func aStoppedServerIsAnErrorAtOnceAndAStartedOneServesAgain() throws {
        let cluster = try PostgresCluster()
        defer { cluster.destroy() }
        let f = try PostgresFixture(url: try PostgresTestServer.createDatabase(on: cluster.url))
        _ = try f.book("ana", ["A1"])
        try cluster.stop()
        let started = ContinuousClock.now
        #expect(boxOfficeError { try f.cinema.movies() } == .databaseUnavailable(commitUnknown: false))
        #expect(boxOfficeError { try f.book("bo", ["A2"]) } == .databaseUnavailable(commitUnknown: false))
        #expect(ContinuousClock.now - started < .seconds(10), "answered, never hung")
        try cluster.start()
        #expect(try f.book("bo", ["A2"]).seats.map(\.label) == ["A2"])
        #expect(try f.statuses() == "A1 booked, A2 booked")
    }

    @Test func aConnectionCutBetweenRequestsIsMadeAgainUnseen() throws {
        let f = try PostgresFixture()
        let server = try #require(PostgresTestDatabase.serverURL)
        let name = try PostgresLocation(url: f.url).database
        try PostgresTestDatabase.admin(
            server, "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity WHERE datname = '\(name)'")
        #expect(try f.book("ana", ["A1"]).seats.map(\.label) == ["A1"])
        #expect(f.store.connectionsMade == 2)
    }

    /// Whether the feed says no within a few seconds of looking.
    private func settles(_ feed: PostgresChangeFeed) throws -> Bool {
        for _ in 0..<300 {
            if try !feed.committedSinceLastLook() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    private func seatId(_ f: PostgresFixture, _ label: String) throws -> String {
        try #require(try f.cinema.seatMap(showingId: f.showing.id).rows.flatMap(\.seats).first { $0.label == label }).id
    }
}
