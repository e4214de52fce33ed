// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "boxoffice",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "boxoffice", targets: ["boxoffice"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The protocol alone: knows no cinema, no SQLite, no file descriptors.
        .target(name: "JSONRPC", dependencies: [.product(name: "Logging", package: "swift-log")]),
        // The domain and its store: knows no JSON-RPC.
        .target(
            name: "BoxOffice",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The methods: typed params and results, domain errors mapped to JSON-RPC errors.
        .target(
            name: "BoxOfficeRPC",
            dependencies: [
                "JSONRPC",
                "BoxOffice",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command: flags, the database file, stdin/stdout, signals.
        .executableTarget(
            name: "boxoffice",
            dependencies: [
                "BoxOfficeRPC",
                "JSONRPC",
                "BoxOffice",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC"]),
        .testTarget(
            name: "BoxOfficeTests",
            dependencies: ["BoxOffice", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "BoxOfficeRPCTests", dependencies: ["BoxOfficeRPC", "JSONRPC", "BoxOffice"]),
        // Golden transcripts and process-level tests, run through the real built binary.
        .testTarget(
            name: "GoldenTests",
            dependencies: ["boxoffice"],
            exclude: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
