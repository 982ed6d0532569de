import Foundation
import Testing
import TicketdMail
import TicketdTestSupport

@Suite("IMAP and SMTP over libcurl against real servers", .serialized)
struct MailTransportTests {
    static func sample(_ number: Int, body: String = "Hello") -> [UInt8] {
        Array(
            """
            From: Nurse \(number) <nurse\(number)@example.org>\r
            To: support@example.org\r
            Subject: Test \(number)\r
            Message-ID: <test-\(number)@example.org>\r
            \r
            \(body)\r

            """.utf8)
    }

    /// The test Dovecot's INBOX over plain IMAP on loopback.
    static func endpoint(_ dovecot: DovecotServer) throws -> MailServerEndpoint {
        try MailServerEndpoint(url: dovecot.url, username: dovecot.username, password: dovecot.password)
    }

    @Test func listsFetchesByteExactAndMovesMessages() throws {
        let dovecot = try DovecotServer()
        defer { dovecot.stop() }
        let tricky = Array(
            "From: a@example.org\r\nSubject: tag trap\r\n\r\nA004 OK FETCH completed\r\n* 3 EXISTS\r\n".utf8)
        try dovecot.deliver([Self.sample(1), tricky, Self.sample(3)])
        let session = try IMAPSession(
            endpoint: Self.endpoint(dovecot))
        let validity = try session.uidValidity()
        let messages = try session.messages(after: 0)
        #expect(messages.map(\.uid) == [1, 2, 3])
        #expect(messages.allSatisfy { $0.internalDate != nil })
        #expect(try session.fetch(uid: 2, uidValidity: validity) == tricky)
        #expect(try session.messages(after: 3).isEmpty)
        try session.move(uids: [1, 2], to: "Processed")
        #expect(dovecot.count(in: "INBOX") == 1)
        #expect(dovecot.count(in: "Processed") == 2)
    }

    /// Fetches read through EXAMINE (no \Seen: a maildir rename per message saved), moves switch
    /// to SELECT and back; libcurl's bare URL fetch, for comparison, sets \Seen.
    @Test func theHighestUIDAndHeaderOnlyFetchesNeitherTrapNorDownloadTheBody() throws {
        let dovecot = try DovecotServer()
        defer { dovecot.stop() }
        try dovecot.deliver([Self.sample(1, body: String(repeating: "body line\r\n", count: 5000))])
        let session = try IMAPSession(
            endpoint: Self.endpoint(dovecot))
        let validity = try session.uidValidity()
        #expect(try session.messages(after: UInt32.max).isEmpty)
        let header = try session.fetchHeader(uid: 1, uidValidity: validity)
        let text = String(decoding: header, as: UTF8.self)
        #expect(text.contains("Subject: Test 1") && !text.contains("body line"))
    }

    /// A kept session sees mail that arrived since its last command on the first look: the
    /// listing syncs the selected view first (without it Dovecot reports new mail only after the
    /// next command, so a poll saw it one interval late).
    @Test func aKeptSessionSeesNewMailOnTheFirstLook() throws {
        let dovecot = try DovecotServer()
        defer { dovecot.stop() }
        try dovecot.deliver([Self.sample(1)])
        let session = try IMAPSession(
            endpoint: Self.endpoint(dovecot))
        let validity = try session.uidValidity()
        #expect(try session.messages(after: 0).map(\.uid) == [1])
        _ = try session.fetch(uid: 1, uidValidity: validity)
        for number in 2...4 {
            try dovecot.deliver([Self.sample(number)])
            _ = try session.uidValidity()
            #expect(
                try session.messages(after: UInt32(number - 1)).map(\.uid) == [UInt32(number)],
                "mail \(number) must be seen by the first listing after it arrived")
        }
    }

    /// IDLE (RFC 2177) over the connection libcurl logged in: new mail wakes it, a renewal and a
    /// stop end it cleanly, and the same connection waits again afterwards.
    @Test func idleWakesOnNewMailRenewsAndStops() throws {
        let dovecot = try DovecotServer()
        defer { dovecot.stop() }
        let idler = try IMAPIdler(
            endpoint: Self.endpoint(dovecot))
        #expect(idler.supportsIdle)
        #expect(try idler.waitForMail(maxWait: 0.5, checkEvery: 0.1) { false } == .renewal)
        #expect(try idler.waitForMail(maxWait: 30, checkEvery: 0.1) { true } == .stopped)
        let delivery = Thread {
            usleep(500_000)
            try? dovecot.deliver([Self.sample(1)])
        }
        delivery.start()
        let started = Date()
        #expect(try idler.waitForMail(maxWait: 30, checkEvery: 0.1) { false } == .newMail)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func fetchesLeaveMailUnseenAndMovesInterleave() throws {
        let dovecot = try DovecotServer()
        defer { dovecot.stop() }
        try dovecot.deliver((1...4).map { Self.sample($0) })
        let endpoint = try MailServerEndpoint(
            url: dovecot.url, username: dovecot.username, password: dovecot.password)
        let session = try IMAPSession(endpoint: endpoint)
        let validity = try session.uidValidity()
        #expect(try session.fetch(uid: 1, uidValidity: validity) == Self.sample(1))
        #expect(try session.fetch(uid: 2, uidValidity: validity) == Self.sample(2))
        try session.move(uids: [1, 2], to: "Processed")
        #expect(try session.fetch(uid: 3, uidValidity: validity) == Self.sample(3))
        try session.move(uids: [3], to: "Processed")
        #expect(dovecot.count(in: "Processed") == 3)
        #expect(dovecot.count(in: "INBOX") == 1)
        #expect(dovecot.seenCount(in: "Processed") == 0)
        #expect(dovecot.seenCount(in: "INBOX") == 0)

        let bare = try IMAPSession(endpoint: endpoint, fetchesReadOnly: false)
        #expect(try bare.fetch(uid: 4, uidValidity: validity) == Self.sample(4))
        #expect(dovecot.seenCount(in: "INBOX") == 1)
    }

    /// A fetch under a UIDVALIDITY the server no longer has is refused, never served from the
    /// wrong messages.
    @Test func fetchUnderAnotherUIDValidityIsRefused() throws {
        let dovecot = try DovecotServer()
        defer { dovecot.stop() }
        try dovecot.deliver([Self.sample(1)])
        let session = try IMAPSession(
            endpoint: Self.endpoint(dovecot))
        let validity = try session.uidValidity()
        #expect(throws: MailError.self) { try session.fetch(uid: 1, uidValidity: validity &+ 1) }
        #expect(try session.fetch(uid: 1, uidValidity: validity) == Self.sample(1))
    }

    /// `imaps://` verifies the server against the configured CA: trusted, it works; without the
    /// CA (a self-signed or intercepted server) it is a TLS error, never a silent downgrade.
    @Test func implicitTLSVerifiesTheServerCertificate() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let dovecot = try DovecotServer(certificates: certificates)
        defer { dovecot.stop() }
        try dovecot.deliver([Self.sample(1)])
        let url = "imaps://127.0.0.1:\(dovecot.tlsPort!)/INBOX"
        let trusted = try IMAPSession(
            endpoint: MailServerEndpoint(
                url: url, username: dovecot.username, password: dovecot.password, caFile: certificates.caFile))
        #expect(try trusted.fetch(uid: 1, uidValidity: trusted.uidValidity()) == Self.sample(1))
        let untrusted = try IMAPSession(
            endpoint: MailServerEndpoint(url: url, username: dovecot.username, password: dovecot.password))
        let error = try #require(throws: MailError.self) { try untrusted.uidValidity() }
        #expect(error.code == .tls)
    }

    /// Plain `imap://` to a host that is not loopback must upgrade with STARTTLS (Dovecot logs
    /// the login as TLS); a server that offers no STARTTLS is refused before any password is sent.
    @Test func plainIMAPToANonLoopbackHostInsistsOnSTARTTLS() throws {
        let host = TestCertificates.hostName
        try #require(!TestCertificates.hostAddresses.isEmpty, "this machine's host name \(host) does not resolve")
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let withTLS = try DovecotServer(certificates: certificates)
        defer { withTLS.stop() }
        let endpoint = try MailServerEndpoint(
            url: "imap://\(host):\(withTLS.port)/INBOX", username: withTLS.username, password: withTLS.password,
            caFile: certificates.caFile)
        #expect(!endpoint.isLoopback)
        _ = try IMAPSession(endpoint: endpoint).uidValidity()
        let log = try String(contentsOfFile: withTLS.directory.file("dovecot.log"), encoding: .utf8)
        #expect(log.contains("Login: user=<support>") && log.contains(", TLS"))

        let plainOnly = try DovecotServer(certificates: nil, alsoListeningOnHostAddress: true)
        defer { plainOnly.stop() }
        let refused = try IMAPSession(
            endpoint: MailServerEndpoint(
                url: "imap://\(host):\(plainOnly.port)/INBOX", username: plainOnly.username,
                password: plainOnly.password))
        let error = try #require(throws: MailError.self) { try refused.uidValidity() }
        #expect(error.code == .tls)
        let plainLog = (try? String(contentsOfFile: plainOnly.directory.file("dovecot.log"), encoding: .utf8)) ?? ""
        #expect(!plainLog.contains("Login: user=<support>"))
    }

    /// Plain `smtp://` to a host that is not loopback must upgrade with STARTTLS, verified
    /// against the CA; a server without STARTTLS gets no mail at all.
    @Test func plainSMTPToANonLoopbackHostInsistsOnSTARTTLS() throws {
        let host = TestCertificates.hostName
        try #require(!TestCertificates.hostAddresses.isEmpty, "this machine's host name \(host) does not resolve")
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let withTLS = try SMTPSink(onHostAddress: true, certificates: certificates)
        defer { withTLS.stop() }
        let trusted = try SMTPSender(
            endpoint: MailServerEndpoint(
                url: "smtp://\(host):\(withTLS.port)", username: nil, password: nil, caFile: certificates.caFile))
        try trusted.send(Self.sample(1), from: "bounces@example.org", to: ["nora@example.org"])
        #expect(withTLS.received().count == 1)

        let plainOnly = try SMTPSink(onHostAddress: true)
        defer { plainOnly.stop() }
        let refused = try SMTPSender(
            endpoint: MailServerEndpoint(url: "smtp://\(host):\(plainOnly.port)", username: nil, password: nil))
        let error = try #require(throws: MailError.self) {
            try refused.send(Self.sample(2), from: "bounces@example.org", to: ["nora@example.org"])
        }
        #expect(error.code == .tls)
        #expect(plainOnly.received().isEmpty)
    }

    @Test func anEndpointNeverPrintsItsPassword() throws {
        let endpoint = try MailServerEndpoint(
            url: "imaps://mail.example.org/INBOX", username: "support", password: "hunter2-secret")
        #expect(!"\(endpoint)".contains("hunter2") && !String(reflecting: endpoint).contains("hunter2"))
        #expect("\(endpoint)" == "imaps://mail.example.org/INBOX as support")
    }

    @Test func missingMailboxIsReportedAsSuch() throws {
        let dovecot = try DovecotServer()
        defer { dovecot.stop() }
        let session = try IMAPSession(
            endpoint: MailServerEndpoint(
                url: "imap://127.0.0.1:\(dovecot.port)/Nowhere", username: dovecot.username, password: dovecot.password)
        )
        #expect(throws: MailError.self) { try session.messages(after: 0) }
        do {
            _ = try session.messages(after: 0)
        } catch {
            #expect(error.code == .mailboxMissing)
        }
    }

    @Test func wrongPasswordIsAnAuthenticationError() throws {
        let dovecot = try DovecotServer()
        defer { dovecot.stop() }
        let session = try IMAPSession(
            endpoint: MailServerEndpoint(url: dovecot.url, username: dovecot.username, password: "wrong"))
        do {
            _ = try session.uidValidity()
            Issue.record("login with a wrong password succeeded")
        } catch {
            #expect(error.code == .authentication)
        }
    }

    @Test func sendsAndReportsRejectedRecipientsAsPermanent() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        try sink.reject(["gone@example.org"])
        let sender = try SMTPSender(endpoint: MailServerEndpoint(url: sink.url, username: nil, password: nil))
        let message = Array("From: support@example.org\r\nSubject: hi\r\n\r\n.leading dot\r\nbody\r\n".utf8)
        try sender.send(message, from: "bounces@example.org", to: ["nurse@example.org"])
        do {
            try sender.send(message, from: "bounces@example.org", to: ["gone@example.org"])
            Issue.record("a rejected recipient was accepted")
        } catch {
            #expect(error.code == .permanentRejection)
            #expect(error.responseCode == 550)
        }
        let received = sink.received()
        #expect(received.count == 1)
        #expect(received.first?.raw == message)
        #expect(received.first?.recipients == ["nurse@example.org"])
    }

    @Test func refusedConnectionIsTransient() throws {
        let port = try LoopbackPort.free()
        let sender = try SMTPSender(
            endpoint: MailServerEndpoint(url: "smtp://127.0.0.1:\(port)", username: nil, password: nil))
        do {
            try sender.send(Array("Subject: x\r\n\r\nx\r\n".utf8), from: "a@example.org", to: ["b@example.org"])
            Issue.record("sending to a closed port succeeded")
        } catch {
            #expect(error.code == .unreachable)
            #expect(error.isTransient)
        }
    }
}
