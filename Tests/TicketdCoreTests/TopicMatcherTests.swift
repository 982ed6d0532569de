import Testing
import TicketdCore

/// Distinctive terms, problem terms, coverage and similarity: what auto-linking and storm
/// detection decide on.
@Suite struct TopicMatcherTests {
    @Test func termsAreDistinctiveWordsOnce() {
        #expect(
            TopicMatcher.terms("Re: Payroll: UNABLE to connect to the Server since 9:00!") == [
                "payroll", "connect", "server",
            ])
        #expect(TopicMatcher.terms("Écran du moniteur patient – erreur") == ["ecran", "moniteur", "patient", "erreur"])
        #expect(TopicMatcher.terms("ab 12 345 x") == [])
    }

    @Test func problemTermsAreTheMatchWordsElseTitleAndSharedChildWords() {
        #expect(
            TopicMatcher.problemTerms(title: "Payroll outage", match: "ventilator log", childSubjects: []) == [
                "ventilator", "log",
            ])
        #expect(
            TopicMatcher.problemTerms(
                title: "Payroll outage", match: nil,
                childSubjects: ["payroll server down", "cannot reach payroll server", "printer jam"])
                == ["payroll", "outage", "server"])
    }

    @Test(arguments: [
        ("payroll cannot connect to the server", 1.0),
        ("the payroll report is wrong", 0.5),
        ("printer on ward 3 jams", 0.0),
    ])
    func coverage(_ incident: String, _ expected: Double) {
        let wanted = ["payroll", "server"]
        #expect(TopicMatcher.coverage(of: wanted, in: Set(TopicMatcher.terms(incident))) == expected)
    }

    @Test func similarityIsSharedTermsOverTheSmallerSet() {
        let a = TopicMatcher.terms("Payroll down")
        let b = TopicMatcher.terms("payroll server down since 9")
        #expect(TopicMatcher.similarity(a, b) == 1.0)
        #expect(TopicMatcher.similarity(a, TopicMatcher.terms("printer jam")) == 0)
        #expect(TopicMatcher.similarity([], b) == 0)
    }
}
