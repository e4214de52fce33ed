/// An amount of money in integer minor units (cents), with its ISO 4217 currency.
public struct Money: Sendable, Hashable, Codable {
    /// Minor units: 1250 is 12.50.
    public var amount: Int64
    /// Three uppercase letters, such as `EUR`.
    public var currency: String

    /// An amount in a currency.
    public init(amount: Int64, currency: String) {
        self.amount = amount
        self.currency = currency
    }
}

extension Money: CustomStringConvertible {
    /// The amount as a person reads it, in the currency's own minor units: `11.50 EUR`,
    /// `1150 JPY`, `1.150 KWD`.
    public var description: String {
        let exponent = Self.minorUnitDigits(currency)
        let magnitude = amount.magnitude
        let sign = amount < 0 ? "-" : ""
        guard exponent > 0 else { return "\(sign)\(magnitude) \(currency)" }
        var scale: UInt64 = 1
        for _ in 0..<exponent { scale *= 10 }
        let fraction = String(magnitude % scale)
        let padding = String(repeating: "0", count: exponent - fraction.count)
        return "\(sign)\(magnitude / scale).\(padding)\(fraction) \(currency)"
    }

    /// How many digits of minor units a currency has, per ISO 4217: most have 2, a few
    /// none (JPY, KRW, …) and a few 3 (KWD, BHD, …).
    static func minorUnitDigits(_ currency: String) -> Int {
        switch currency {
        case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV",
            "XAF", "XOF", "XPF":
            return 0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND":
            return 3
        case "CLF", "UYW":
            return 4
        default:
            return 2
        }
    }
}
