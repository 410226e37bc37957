// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Chronograph",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "chronograph", targets: ["chronograph"]),
        .library(name: "ChronographCore", targets: ["ChronographCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .target(name: "ChronographCore"),
        .target(
            name: "ChronographExtract",
            dependencies: ["ChronographCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources")]
        ),
        .target(name: "ChronographGraph", dependencies: ["ChronographCore"]),
        .target(
            name: "ChronographRender",
            dependencies: ["ChronographCore", "CGraphviz", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .target(
            name: "ChronographBuild",
            dependencies: ["ChronographCore", "ChronographExtract", "ChronographGraph", "ChronographRender"]
        ),
        .executableTarget(
            name: "chronograph",
            dependencies: [
                "ChronographBuild", "ChronographCore", "ChronographGraph", "ChronographRender",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "chronograph-bench",
            dependencies: ["ChronographBuild", "ChronographCore", "ChronographExtract", "ChronographGraph", "ChronographRender"]
        ),
        .testTarget(name: "ChronographCoreTests", dependencies: ["ChronographCore"]),
        .testTarget(name: "ChronographExtractTests", dependencies: ["ChronographExtract"]),
        .testTarget(name: "ChronographGraphTests", dependencies: ["ChronographGraph", "ChronographExtract"]),
        .testTarget(name: "ChronographRenderTests", dependencies: ["ChronographRender", "ChronographGraph", "ChronographExtract"]),
        .testTarget(name: "EndToEndTests", dependencies: ["chronograph", "ChronographBuild", "ChronographCore", "ChronographRender"]),
    ]
)
