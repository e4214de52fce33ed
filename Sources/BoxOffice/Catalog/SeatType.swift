/// What kind of seat a place in a screen is. The layout letter is in parentheses.
public enum SeatType: String, Sendable, Hashable, CaseIterable, Codable, CodingKeyRepresentable, Comparable {
    /// An ordinary seat (`R`).
    case regular
    /// A better seat, usually in the middle rows (`P`).
    case premium
    /// A lounge seat (`V`).
    case vip
    /// A space for a wheelchair (`W`).
    case wheelchair
    /// A seat beside a wheelchair space, for a companion (`C`).
    case companion

    /// The layout letter for each type, and `nil` for `.` (no seat).
    public init?(layoutCharacter: Character) {
        switch layoutCharacter {
        case "R": self = .regular
        case "P": self = .premium
        case "V": self = .vip
        case "W": self = .wheelchair
        case "C": self = .companion
        default: return nil
        }
    }

    /// Orders types as the contract lists them.
    public static func < (lhs: SeatType, rhs: SeatType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
