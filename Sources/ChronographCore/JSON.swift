import Foundation

public enum GraphJSON {
    /// Deterministic, pretty JSON: sorted keys, no escaped slashes, a final newline.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try enc.encode(value)
        data.append(0x0A)
        return data
    }
    public static func decodeGraph(_ data: Data) throws -> Graph {
        try JSONDecoder().decode(Graph.self, from: data)
    }
}
