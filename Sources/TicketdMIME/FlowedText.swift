/// RFC 3676 `format=flowed`: joins soft-broken lines (those ending in a space) and removes
/// space-stuffing, keeping quote depth.
public enum FlowedText {
    public static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var paragraph = ""
        var paragraphDepth = -1
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            var depth = 0
            while line.first == ">" {
                depth += 1
                line = line.dropFirst()
            }
            if line.first == " " { line = line.dropFirst() }  // space-stuffing
            let isSignatureSeparator = line == "-- "
            let isFlowed = line.last == " " && !isSignatureSeparator
            if paragraphDepth >= 0 && depth != paragraphDepth {
                output.append(quotePrefix(paragraphDepth) + paragraph)
                paragraph = ""
            }
            paragraphDepth = depth
            if isFlowed {
                paragraph += deleteSpace ? String(line.dropLast()) : String(line)
            } else {
                output.append(quotePrefix(depth) + paragraph + line)
                paragraph = ""
                paragraphDepth = -1
            }
        }
        if !paragraph.isEmpty { output.append(quotePrefix(max(paragraphDepth, 0)) + paragraph) }
        return output.joined(separator: "\n")
    }

    private static func quotePrefix(_ depth: Int) -> String {
        depth == 0 ? "" : String(repeating: ">", count: depth) + " "
    }
}
