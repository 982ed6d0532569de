// swift-tools-version:6.1
import PackageDescription

/// Settings every project target shares: Swift 6 language mode with warnings as errors, set per
/// target so that the dependencies' own warnings never break the build.
let projectSwiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .unsafeFlags(["-warnings-as-errors"]),
]

let package = Package(
    name: "ticketd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ticketd", targets: ["ticketd"]),
        .executable(name: "ticketd-bench", targets: ["ticketd-bench"]),
        .executable(name: "ticketd-sandbox", targets: ["ticketd-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(name: "CSystemdNotify"),
        .target(name: "TicketdMIME", dependencies: ["CCrypto"], swiftSettings: projectSwiftSettings),
        .target(name: "TicketdCore", dependencies: ["TicketdMIME"], swiftSettings: projectSwiftSettings),
        .target(
            name: "TicketdStore",
            dependencies: ["TicketdCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: projectSwiftSettings
        ),
        .target(name: "TicketdMail", dependencies: ["CCurl"], swiftSettings: projectSwiftSettings),
        .target(
            name: "TicketdServices",
            dependencies: [
                "TicketdMIME", "TicketdCore", "TicketdStore", "TicketdMail", "CSystemdNotify",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: projectSwiftSettings
        ),
        .target(name: "TicketdTestSupport", swiftSettings: projectSwiftSettings),
        .executableTarget(
            name: "ticketd",
            dependencies: [
                "TicketdServices",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: projectSwiftSettings
        ),
        .executableTarget(
            name: "ticketd-sandbox",
            dependencies: ["TicketdTestSupport"],
            swiftSettings: projectSwiftSettings
        ),
        .executableTarget(
            name: "ticketd-bench",
            dependencies: [
                "TicketdServices", "TicketdTestSupport", "TicketdMail", "TicketdStore", "TicketdMIME", "TicketdCore",
            ],
            swiftSettings: projectSwiftSettings
        ),
        .testTarget(
            name: "TicketdMIMETests",
            dependencies: ["TicketdMIME", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")],
            swiftSettings: projectSwiftSettings
        ),
        .testTarget(
            name: "TicketdCoreTests",
            dependencies: ["TicketdCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: projectSwiftSettings
        ),
        .testTarget(
            name: "TicketdStoreTests",
            dependencies: [
                "TicketdStore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: projectSwiftSettings
        ),
        .testTarget(
            name: "TicketdServicesTests",
            dependencies: ["TicketdServices", "TicketdTestSupport", "TicketdMail"],
            resources: [.copy("Fixtures")],
            swiftSettings: projectSwiftSettings
        ),
    ]
)
