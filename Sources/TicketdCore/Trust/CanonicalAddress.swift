import Foundation

/// One canonical form of a mail address for counting and comparing people (ARCHITECTURE
/// "Trust"): NFKC, lower case, no `+tag` in the local part, no trailing dot on the domain.
/// `Alice+1@X.org.`, `alice@x.org` and a look-alike with the Kelvin sign (U+212A) are one person.
public enum CanonicalAddress {
    /// The canonical key of `email`.
    public static func key(_ email: String) -> String {
        let folded = email.precomposedStringWithCompatibilityMapping.lowercased()
            .trimmingCharacters(in: .whitespaces)
        guard let at = folded.lastIndex(of: "@") else { return folded }
        var local = folded[..<at]
        var domain = folded[folded.index(after: at)...]
        if let plus = local.firstIndex(of: "+"), plus > local.startIndex { local = local[..<plus] }
        while domain.last == "." { domain = domain.dropLast() }
        return "\(local)@\(domain)"
    }

    /// True when NFKC leaves the address as it is (case aside): a From that changes under NFKC
    /// (a full-width letter, the Kelvin sign) imitates someone and is nobody's.
    public static func isStable(_ email: String) -> Bool {
        email.lowercased() == email.precomposedStringWithCompatibilityMapping.lowercased()
    }
}
