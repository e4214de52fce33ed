import BoxOfficeTesting
import Testing

@testable import BoxOffice

/// The contract's layout rows (section 3), parsed into seats, and every way a layout is refused.
struct ScreenLayoutTests {
    typealias Seat = ScreenLayout.Seat

    private func problem(_ rows: [String]) -> ScreenLayout.Problem? {
        do {
            _ = try ScreenLayout(rows: rows)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Seats

    @Test func everyCellTypeAndTheGap() throws {
        let layout = try ScreenLayout(rows: ["A: RPVWC.R"])
        #expect(
            layout.seats == [
                Seat(label: "A1", number: 1, x: 0, type: .regular),
                Seat(label: "A2", number: 2, x: 1, type: .premium),
                Seat(label: "A3", number: 3, x: 2, type: .vip),
                Seat(label: "A4", number: 4, x: 3, type: .wheelchair),
                Seat(label: "A5", number: 5, x: 4, type: .companion),
                Seat(label: "A6", number: 6, x: 6, type: .regular),
            ])
        #expect(layout.rows.count == 1)
        #expect(layout.rows[0].label == "A")
        #expect(layout.rows[0].width == 7)
        #expect(layout.capacity == 6)
        #expect(
            layout.seatTypeCounts == [.regular: 2, .premium: 1, .vip: 1, .wheelchair: 1, .companion: 1])
    }

    @Test func theContractsExampleHasAnAisleAfterA4() throws {
        let layout = try ScreenLayout(rows: ["A: RRRR..RRRR"])
        #expect(layout.seats.map(\.label) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"])
        #expect(layout.seats.map(\.number) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(layout.seats.map(\.x) == [0, 1, 2, 3, 6, 7, 8, 9])
        #expect(layout.seats.allSatisfy { $0.type == .regular })
        #expect(layout.rows[0].width == 10)
        #expect(layout.capacity == 8)
        #expect(layout.seatTypeCounts == [.regular: 8])
    }

    @Test func leadingAndTrailingGapsCountAsColumnsButNotAsSeats() throws {
        let layout = try ScreenLayout(rows: ["A: ..RR..", "B: .R.R.R."])
        #expect(layout.rows.map(\.width) == [6, 7])
        #expect(layout.rows[0].seats.map(\.x) == [2, 3])
        #expect(layout.rows[0].seats.map(\.label) == ["A1", "A2"])
        #expect(layout.rows[1].seats.map(\.x) == [1, 3, 5])
        #expect(layout.rows[1].seats.map(\.number) == [1, 2, 3])
    }

    @Test func rowsStayInTheirGivenOrderFrontRowFirst() throws {
        let layout = try ScreenLayout(rows: ["C: RR", "A: P", "B: WC"])
        #expect(layout.rows.map(\.label) == ["C", "A", "B"])
        #expect(layout.seats.map(\.label) == ["C1", "C2", "A1", "B1", "B2"])
        #expect(layout.capacity == 5)
        #expect(layout.seatTypeCounts == [.regular: 2, .premium: 1, .wheelchair: 1, .companion: 1])
    }

    @Test func multiLetterLabels() throws {
        let layout = try ScreenLayout(rows: ["AA: RR", "ZZZ: R.V", "B: C"])
        #expect(layout.rows.map(\.label) == ["AA", "ZZZ", "B"])
        #expect(
            layout.seats == [
                Seat(label: "AA1", number: 1, x: 0, type: .regular),
                Seat(label: "AA2", number: 2, x: 1, type: .regular),
                Seat(label: "ZZZ1", number: 1, x: 0, type: .regular),
                Seat(label: "ZZZ2", number: 2, x: 2, type: .vip),
                Seat(label: "B1", number: 1, x: 0, type: .companion),
            ])
    }

    @Test func seatTypeCountsLeaveOutTypesTheScreenLacks() throws {
        let layout = try ScreenLayout(rows: ["A: RRRR", "B: PPPP", "C: RR.RR"])
        #expect(layout.capacity == 12)
        #expect(layout.seatTypeCounts == [.regular: 8, .premium: 4])
        #expect(layout.seatTypeCounts[.vip] == nil)
    }

    @Test func theLimitsThemselvesAreAllowed() throws {
        // 100 rows of 200 cells: the largest screen there may be.
        let letters = Array("ABCDEFGHIJ")
        let labels = letters.flatMap { first in letters.map { "\(first)\($0)" } }
        #expect(labels.count == 100)
        let layout = try ScreenLayout(rows: labels.map { "\($0): " + String(repeating: "R", count: 200) })
        #expect(layout.rows.count == 100)
        #expect(layout.capacity == 20_000)
        #expect(layout.rows[99].seats.last == Seat(label: "JJ200", number: 200, x: 199, type: .regular))
    }

    // MARK: Problems

    @Test func noRows() {
        #expect(problem([]) == .init(row: nil, reason: "a screen needs at least one row, like \"A: RRRR..RRRR\""))
    }

    @Test func tooManyRows() {
        // Checked before any row is read, so even 101 copies of one row say so.
        #expect(
            problem(Array(repeating: "A: R", count: 101))
                == .init(row: nil, reason: "a screen has at most 100 rows; this one has 101"))
    }

    @Test func noColon() {
        #expect(
            problem(["A: RR", "B RRRR"])
                == .init(row: 1, reason: "expected \"<label>: <cells>\", like \"A: RRRR..RRRR\"; there is no colon"))
    }

    @Test(arguments: [
        (": RRRR", ""),
        ("a: RRRR", "a"),
        ("Ab: RRRR", "Ab"),
        ("A1: RRRR", "A1"),
        ("12: RRRR", "12"),
        ("ABCD: RRRR", "ABCD"),
        ("A : RRRR", "A "),
        (" A: RRRR", " A"),
        ("É: RRRR", "É"),
    ])
    func badLabel(row: String, label: String) {
        #expect(
            problem(["A: R", "B: R", row])
                == .init(row: 2, reason: "the row label must be 1 to 3 uppercase letters A-Z, got \"\(label)\""))
    }

    @Test(arguments: [
        ("A:RRRR", "A"),
        ("A:", "A"),
        ("AB:\tRRRR", "AB"),
    ])
    func noSpaceAfterColon(row: String, label: String) {
        #expect(
            problem([row])
                == .init(row: 0, reason: "expected one space after \"\(label):\", like \"\(label): RRRR\""))
    }

    @Test func noCells() {
        #expect(problem(["A: R", "B: "]) == .init(row: 1, reason: "row B has no cells"))
    }

    @Test func tooWide() {
        #expect(
            problem(["A: " + String(repeating: "R", count: 201)])
                == .init(row: 0, reason: "row A has 201 cells; at most 200 are allowed"))
    }

    @Test(arguments: [
        ("B: RRXR", "X", 2),
        ("B: r", "r", 0),
        ("B: RR RR", " ", 2),
        ("B:  RR", " ", 0),
        ("B: RRRR..RRR-", "-", 9),
    ])
    func unknownCell(row: String, cell: String, column: Int) {
        #expect(
            problem(["A: RR", row])
                == .init(
                    row: 1,
                    reason: "unknown cell \"\(cell)\" at column \(column) of row B; "
                        + "use R regular, P premium, V vip, W wheelchair, C companion or . for no seat"))
    }

    @Test func aRowWithoutSeats() {
        #expect(
            problem(["A: RR", "B: RR", "C: ...."]) == .init(row: 2, reason: "row C has no seats; leave it out instead"))
    }

    @Test func duplicateLabel() {
        #expect(
            problem(["A: RR", "B: RR", "A: RRR"])
                == .init(row: 2, reason: "row label A is already used by an earlier row"))
    }

    @Test func theFirstWrongRowIsTheOneReported() {
        #expect(problem(["A: RR", "B: R?", "c: RR"])?.row == 1)
    }
}
