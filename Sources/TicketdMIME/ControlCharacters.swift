/// Control and direction-changing characters in text that came from mail: what is stored,
/// what a terminal is shown, and whether a display name may be trusted as one.
public enum ControlCharacters {
    /// Text as it is stored: line breaks as LF (a lone CR is a line break too), tab kept, and
    /// NUL and every other C0 control and DEL replaced by U+FFFD, so nothing is cut at a NUL
    /// and nothing is silently dropped.
    public static func replacedForStorage(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 32 && $0 != "\n" && $0 != "\t" || $0.value == 127 })
        else { return text }
        var output = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar.value {
            case 13: output.append("\n")
            case 10: if !previousWasCR { output.append("\n") }
            case 9: output.append(scalar)
            case 0..<32, 127: output.append("\u{FFFD}")
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    /// True for bidi embeddings, overrides and isolates and the directional marks: they can
    /// reorder what a reader sees (`moc.live@eve` shown as `eve@evil.com`).
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// True for C0, DEL and C1 controls (tab included: a name has no use for one).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 32 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Text for a terminal: ESC and every other control but tab and newline, C1 controls and
    /// bidi controls are shown as `\u{…}` escapes, so mail cannot move the cursor, recolour the
    /// screen or reorder a line.
    public static func escapedForTerminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsTerminalEscape) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            if needsTerminalEscape(scalar) {
                output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func needsTerminalEscape(_ scalar: Unicode.Scalar) -> Bool {
        (isControl(scalar) && scalar != "\n" && scalar != "\t") || isBidiControl(scalar)
            || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
