import Foundation

extension QuoteHeaders {
    /// The words of attribution lines: "wrote" and the words that open one ("On", "Am", "Le"…),
    /// in English, German, French, Spanish, Italian, Dutch, Portuguese, Polish, Russian,
    /// Turkish, Arabic, Chinese, Japanese, Korean, the Nordic languages, Czech, Hungarian,
    /// Greek and Hebrew. All lower case.
    enum Verbs {
        /// Where the last "wrote" of `body` is: a whole word (Latin, Cyrillic, Arabic…) or, in
        /// Chinese and Japanese, anywhere.
        static func wrote(in body: String) -> Range<String.Index>? {
            var best: Range<String.Index>?
            for verb in words {
                guard let found = body.range(of: verb, options: .backwards) else { continue }
                let cjk = verb.unicodeScalars.first.map { $0.value >= 0x3000 } ?? false
                if !cjk {
                    let before = found.lowerBound == body.startIndex ? nil : body[body.index(before: found.lowerBound)]
                    let after = found.upperBound == body.endIndex ? nil : body[found.upperBound]
                    if let before, before.isLetter || before.isNumber { continue }
                    if let after, after.isLetter || after.isNumber { continue }
                }
                // Prefer the longest match at the latest place ("şunu yazdı" over "yazdı").
                if let current = best {
                    if found.upperBound > current.upperBound
                        || (found.upperBound == current.upperBound && found.lowerBound < current.lowerBound)
                    {
                        best = found
                    }
                } else {
                    best = found
                }
            }
            return best
        }

        /// Whether `line` ends with a "wrote" (the attribution without a colon).
        static func endsWithVerb(_ line: String) -> Bool {
            let tail = line.suffix(24).lowercased()
            return words.contains { tail.hasSuffix($0) }
        }

        /// Whether `body` opens as an attribution line does in some language.
        static func opensAttribution(_ body: String) -> Bool {
            openings.contains { opening in
                guard body.hasPrefix(opening) else { return false }
                guard let next = body.dropFirst(opening.count).first else { return false }
                return !(next.isLetter && !(opening.unicodeScalars.first.map { $0.value >= 0x3000 } ?? false))
            }
        }

        static let words: [String] = [
            "wrote", "writes", "has written", "schrieb", "hat geschrieben", "a écrit", "écrivait", "escribió",
            "ha escrito", "escribe", "ha scritto", "scrisse", "scrive", "schreef", "heeft geschreven", "escreveu",
            "escreve", "napisał", "napisała", "napisał(a)", "pisze", "napisal", "napsal", "napsala", "napsal(a)",
            "написал", "написала", "написал(а)", "пишет", "писал", "yazdı", "şunu yazdı", "yazmış", "كتب", "كتبت",
            "写道", "寫道", "撰写了", "のメッセージ", "書きました", "さんは書きました", "님이 작성", "작성", "skrev", "kirjoitti",
            "írta", "έγραψε", "כתב", "כתבה",
        ]

        static let openings: [String] = [
            "on", "am", "le", "el", "il", "il giorno", "em", "no dia", "às", "op", "den", "d.", "w dniu", "dne", "в",
            "في", "بتاريخ", "在", "于", "於", "el día", "le jour", "am tag", "on the",
        ]
    }
}
