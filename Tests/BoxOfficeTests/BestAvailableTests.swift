import Testing

@testable import BoxOffice

/// A screen drawn with its state: the contract's layout letters, lowercase for a seat
/// that is taken (`r` a taken regular seat, `w` a taken wheelchair space, ...).
struct DrawnScreen {
    let layout: ScreenLayout
    let scores: SeatScores
    let taken: [Bool]

    init(_ rows: [String]) throws {
        layout = try ScreenLayout(rows: rows.map { $0.uppercased() })
        scores = SeatScores(layout)
        taken = rows.flatMap { row in
            row.drop(while: { $0 != " " }).dropFirst().filter { $0 != "." }.map(\.isLowercase)
        }
    }

    /// The choice as labels, `together` and `singlesLeft`, or the refusal.
    func best(_ request: BestAvailableRequest) -> Result<Answer, BestAvailableError> {
        Result { () throws(BestAvailableError) in
            let choice = try scores.bestAvailable(request, taken: taken)
            let seats = layout.seats
            return Answer(
                seats: choice.seats.map { seats[$0].label }, together: choice.together,
                singlesLeft: choice.singlesLeft)
        }
    }

    struct Answer: Equatable {
        var seats: [String]
        var together: Bool
        var singlesLeft: Int
    }
}

/// Hand-drawn cases of best available (contract section 7). Each expected answer was
/// worked out by hand from the drawing before the test ran; the comments show the sums.
/// Scores: `(2x − (width − 1))² + (3·row − 2·(rows − 1))²`, lower is nearer.
struct BestAvailableTests {
    typealias Answer = DrawnScreen.Answer

    @Test func anEmptyScreenSeatsAGroupInTheMiddleTwoThirdsBack() throws {
        // 4 rows: focal row 2 (C); 8 cells: focal column 3.5.
        let screen = try DrawnScreen([
            "A: RRRRRRRR",
            "B: RRRRRRRR",
            "C: RRRRRRRR",
            "D: RRRRRRRR",
        ])
        // Two: C4 C5 (x 3-4) straddle the centre.
        #expect(screen.best(.init(count: 2)) == .success(Answer(seats: ["C4", "C5"], together: true, singlesLeft: 0)))
        // Three: x 2-4 and x 3-5 are as near; the lower seat number wins.
        #expect(
            screen.best(.init(count: 3))
                == .success(Answer(seats: ["C3", "C4", "C5"], together: true, singlesLeft: 0)))
    }

    @Test func aNearlyFullScreenOffersTheOnlyPair() throws {
        let screen = try DrawnScreen([
            "A: rrrrRRrr",  // A5 A6 free
            "B: rrrrrrrr",
            "C: rrRrrrrr",  // C3 alone: too small
        ])
        #expect(screen.best(.init(count: 2)) == .success(Answer(seats: ["A5", "A6"], together: true, singlesLeft: 0)))
        // Three free seats in all, not four.
        #expect(screen.best(.init(count: 4)) == .failure(.tooFewSeats(available: 3)))
    }

    @Test func rowOneAvoidsAStrandedSingleEvenFartherBack() throws {
        // 3 rows: focal row 4/3 (B is nearest); 7 cells: focal column 3.
        let screen = try DrawnScreen([
            "A: RRRRRRR",  // a pair here strands no one: A3 A4 (x 2-3) leaves A1 A2 and A5-A7
            "B: rrRRRrr",  // any pair of B3-B5 strands the third
            "C: rrrrrrr",
        ])
        #expect(screen.best(.init(count: 2)) == .success(Answer(seats: ["A3", "A4"], together: true, singlesLeft: 0)))
        // preventSingles: false skips rule 1: B3 B4 and B4 B5 both score 4 + 0 + 2·1; the first wins.
        #expect(
            screen.best(.init(count: 2, preventSingles: false))
                == .success(Answer(seats: ["B3", "B4"], together: true, singlesLeft: 1)))
    }

    @Test func whenOnlyAStrandedSingleSolutionExistsRuleTwoTakesIt() throws {
        let screen = try DrawnScreen([
            "A: rrrrrrr",
            "B: rrRRRrr",
            "C: rrrrrrr",
        ])
        #expect(screen.best(.init(count: 2)) == .success(Answer(seats: ["B3", "B4"], together: true, singlesLeft: 1)))
    }

    @Test func ruleThreeSplitsOverTheFewestRows() throws {
        // 3 rows: focal row 4/3; 10 cells: focal column 4.5. No run has four free seats.
        let screen = try DrawnScreen([
            "A: rrRRrrRRrr",  // A3 A4 (x 2-3) and A7 A8 (x 6-7)
            "B: rRRRrrrrrr",  // B2-B4
            "C: rrrrrrrrrR",  // C10
        ])
        // Four fit in row A alone: its two pairs, though B is nearer the focal point.
        #expect(
            screen.best(.init(count: 4))
                == .success(Answer(seats: ["A3", "A4", "A7", "A8"], together: false, singlesLeft: 0)))
        // Five need two rows, A and B: B2-B4 whole (the longest), then a pair of A; both
        // pairs score 25 + 9 + 2·16, so the first wins.
        #expect(
            screen.best(.init(count: 5))
                == .success(Answer(seats: ["A3", "A4", "B2", "B3", "B4"], together: false, singlesLeft: 0)))
    }

    @Test func typesLimitTheSeats() throws {
        // 4 rows: focal row 2 (C); 8 cells: focal column 3.5. Premium only in row A.
        let screen = try DrawnScreen([
            "A: PPPppPPP",  // A1-A3 and A6-A8 free
            "B: RRRRRRRR",
            "C: RRRRRRRR",
            "D: RRRRRRRR",
        ])
        // Every premium pair strands the third of its three; A2 A3 and A6 A7 both score
        // 25 + 9 (+ the row's 2·36), the first wins.
        #expect(
            screen.best(.init(count: 2, types: [.premium]))
                == .success(Answer(seats: ["A2", "A3"], together: true, singlesLeft: 1)))
        #expect(screen.best(.init(count: 7, types: [.premium])) == .failure(.tooFewSeats(available: 6)))
    }

    @Test func wheelchairSpacesAndCompanionSeatsAreOnlyForWheelchairRequests() throws {
        // 1 row; 6 cells: focal column 2.5.
        let screen = try DrawnScreen(["A: RRWCRR"])
        // A1 A2 and A5 A6 both score 25 + 9; the first wins. The free W and C still
        // count as free, so nobody is stranded.
        #expect(screen.best(.init(count: 2)) == .success(Answer(seats: ["A1", "A2"], together: true, singlesLeft: 0)))
        // Three: no run of three regular seats. Rule 3, one row: A1 A2, then one of A5 A6;
        // A5 would leave A6 alone, so A6.
        #expect(
            screen.best(.init(count: 3))
                == .success(Answer(seats: ["A1", "A2", "A6"], together: false, singlesLeft: 0)))
        #expect(screen.best(.init(count: 5)) == .failure(.tooFewSeats(available: 4)))
        #expect(screen.best(.init(count: 1, types: [.wheelchair])) == .failure(.tooFewSeats(available: 0)))
    }

    @Test func oneWheelchairSpaceWithItsCompanion() throws {
        // 3 rows: focal row 4/3; 18 cells: focal column 8.5.
        let screen = try DrawnScreen([
            "A: WC..RRRRRRRR..CW",  // A1 W, A2 C, A3-A10, A11 C, A12 W
            "B: RR..RRRRRRRR..RR",
            "C: RR..RRRRRRRR..RR",
        ])
        // W A1 + C A2 and C A11 + W A12 score the same; the first wins.
        #expect(
            screen.best(.init(count: 2, wheelchairSpaces: 1))
                == .success(Answer(seats: ["A1", "A2"], together: true, singlesLeft: 0)))
        // Four: no run holds a space and three more. A1 A2, then B1 and B2 right behind
        // them (a row step, 1.5 seat widths, nearer than A3 three cells away).
        #expect(
            screen.best(.init(count: 4, wheelchairSpaces: 1))
                == .success(Answer(seats: ["A1", "A2", "B1", "B2"], together: false, singlesLeft: 0)))
    }

    @Test func twoWheelchairSpacesWithTheirCompanions() throws {
        // 2 rows: focal row 2/3 (B nearer); 8 cells.
        let together = try DrawnScreen([
            "A: RRRRRRRR",
            "B: RCWWCRRR",
        ])
        // Of the windows holding both spaces, only B2-B5 (C W W C) gives each its
        // companion; it leaves B1 alone, which a companion outweighs.
        #expect(
            together.best(.init(count: 4, wheelchairSpaces: 2))
                == .success(Answer(seats: ["B2", "B3", "B4", "B5"], together: true, singlesLeft: 1)))
        let apart = try DrawnScreen([
            "A: WC..RRRRRRRR..CW",
            "B: RR..RRRRRRRR..RR",
        ])
        // The spaces are at both ends of row A: W A1 + C A2, then W A12 + C A11.
        #expect(
            apart.best(.init(count: 4, wheelchairSpaces: 2))
                == .success(Answer(seats: ["A1", "A2", "A11", "A12"], together: false, singlesLeft: 0)))
    }

    @Test func aWheelchairRequestWithoutFreeSpacesIsRefused() throws {
        let none = try DrawnScreen(["A: RRRR", "B: RRRR"])
        #expect(none.best(.init(count: 2, wheelchairSpaces: 1)) == .failure(.tooFewWheelchairSpaces(available: 0)))
        let oneFree = try DrawnScreen(["A: wCRR", "B: WCRR"])
        #expect(
            oneFree.best(.init(count: 3, wheelchairSpaces: 2)) == .failure(.tooFewWheelchairSpaces(available: 1)))
        // Spaces enough but too few seats for the rest: the space plus C A2, B2-B4.
        let crowded = try DrawnScreen(["A: WCrr", "B: rRRR"])
        #expect(crowded.best(.init(count: 6, wheelchairSpaces: 1)) == .failure(.tooFewSeats(available: 5)))
    }

    @Test func requestsOutOfBoundsAreRefused() throws {
        let screen = try DrawnScreen(["A: WCRR"])
        #expect(screen.best(.init(count: 0)) == .failure(.countOutOfRange(0)))
        #expect(screen.best(.init(count: 51)) == .failure(.countOutOfRange(51)))
        #expect(
            screen.best(.init(count: 2, wheelchairSpaces: 0)) == .failure(.wheelchairSpacesOutOfRange(0, count: 2)))
        #expect(
            screen.best(.init(count: 2, wheelchairSpaces: 3)) == .failure(.wheelchairSpacesOutOfRange(3, count: 2)))
    }

    @Test func theFocalPointAndTheScores() throws {
        let scores = SeatScores(try ScreenLayout(rows: ["A: RR.RR", "B: RRRRR", "C: RR.RR", "D: RRRRR"]))
        // Focal column (5 − 1) / 2 = 2, focal row 2 · 3 / 3 = 2.
        #expect(scores.focalColumnTimesTwo == 4)
        #expect(scores.focalRowTimesThree == 6)
        // C3 (x 3 in row 2) is one cell right of the focal point: (2·1)² = 4; B3 (x 2,
        // row 1) one row in front: (3·1)² = 9.
        #expect(scores.seatScores[11] == 4)
        #expect(scores.seatScores[6] == 9)
        #expect(scores.score(of: [6, 11]) == 13)
    }
}
