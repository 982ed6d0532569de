import Testing
import TicketdMIME

/// RFC 8601 `Authentication-Results`, from the RFC's own examples (Appendix B) and some damage.
@Suite struct AuthenticationResultsTests {
    @Test func rfcExampleWithSeveralMethodsAndComments() throws {
        let raw = """
            example.com;
                      spf=pass smtp.mailfrom=example.net;
                      dkim=pass (good signature) header.i=@mail-router.example.net;
                      dkim=fail (bad signature) header.i=@newyork.example.com
            """
        let results = try #require(AuthenticationResults.parse(raw))
        #expect(results.authservID == "example.com")
        #expect(results.results.map(\.method) == ["spf", "dkim", "dkim"])
        #expect(results.results.map(\.result) == ["pass", "pass", "fail"])
        #expect(results.results[0].properties["smtp.mailfrom"] == "example.net")
        #expect(results.results[1].properties["header.i"] == "@mail-router.example.net")
    }

    @Test func versionAndNoResults() throws {
        let results = try #require(AuthenticationResults.parse("mx.example.org 1; none"))
        #expect(results.authservID == "mx.example.org")
        #expect(results.results.isEmpty || results.results.allSatisfy { $0.method == "none" })
    }

    @Test func methodVersionsQuotedValuesAndReasons() throws {
        let raw = "mx.example.org; dkim/1=pass reason=\"good; really\" header.d=\"Example.ORG\" (comment (nested))"
        let results = try #require(AuthenticationResults.parse(raw))
        #expect(results.results.count == 1)
        #expect(results.results[0].method == "dkim")
        #expect(results.results[0].properties["header.d"] == "Example.ORG")
        #expect(results.results[0].properties["reason"] == "good; really")
    }

    @Test(arguments: ["", "   ", "; dkim=pass", "dkim=pass header.d=example.org"])
    func valuesWithoutAnAuthservIDAreNothing(raw: String) {
        #expect(AuthenticationResults.parse(raw) == nil)
    }
}
