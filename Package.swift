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
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // The protocol alone: knows no cinema, no SQL, no file descriptors.
        .target(name: "JSONRPC", dependencies: [.product(name: "Logging", package: "swift-log")]),
        // The domain: records, rules, seat maps, and the store protocol it needs, in its own
        // words. Knows no JSON-RPC and no SQL.
        .target(name: "BoxOffice"),
        // The store on SQLite through GRDB: schema, migrations, queries.
        .target(
            name: "BoxOfficeSQLite",
            dependencies: ["BoxOffice", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The store on PostgreSQL through postgres-nio: one inventory shared by many hosts.
        .target(
            name: "BoxOfficePostgres",
            dependencies: [
                "BoxOffice", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The methods: typed params and results, domain errors mapped to JSON-RPC errors.
        .target(
            name: "BoxOfficeRPC",
            dependencies: ["JSONRPC", "BoxOffice", .product(name: "Logging", package: "swift-log")]
        ),
        // The command: flags, the store from --db, stdin/stdout, signals.
        .executableTarget(
            name: "boxoffice",
            dependencies: [
                "BoxOfficeRPC",
                "BoxOfficeSQLite",
                "BoxOfficePostgres",
                "JSONRPC",
                "BoxOffice",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the tests share: scratch directories, a cinema in memory with a manual
        // clock, error catchers, JSON helpers, the child-process runner.
        .target(
            name: "BoxOfficeTesting",
            dependencies: [
                "BoxOffice", "BoxOfficeSQLite", "JSONRPC", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/BoxOfficeTesting"
        ),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC", "BoxOfficeTesting"]),
        .testTarget(
            name: "BoxOfficeTests",
            dependencies: [
                "BoxOffice", "BoxOfficeSQLite", "BoxOfficeTesting", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "BoxOfficeSQLiteTests",
            dependencies: [
                "BoxOffice", "BoxOfficeSQLite", "BoxOfficeTesting", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "BoxOfficePostgresTests",
            dependencies: [
                "BoxOffice", "BoxOfficePostgres", "BoxOfficeTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "BoxOfficeRPCTests", dependencies: ["BoxOfficeRPC", "JSONRPC", "BoxOffice", "BoxOfficeTesting"]),
        // Golden transcripts and process-level tests, run through the real built binary.
        .testTarget(name: "GoldenTests", dependencies: ["boxoffice", "BoxOfficeTesting", "JSONRPC"]),
    ],
    swiftLanguageModes: [.v6]
)
