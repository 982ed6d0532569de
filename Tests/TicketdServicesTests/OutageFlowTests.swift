import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdTestSupport

/// The payroll outage end to end through a real Dovecot and SMTP server: four incidents, one
/// storm notice, `#problem` linking them, `#broadcast` to the payroll managers (each person
/// once, a replayed command sent once), a fifth incident auto-linked and told it is known,
/// `#resolve` telling everyone exactly once in the right thread; `problem create --notify` with
/// an SMS copy within 160 characters and overlapping groups without duplicates.
@Suite(.serialized) struct OutageFlowTests {
    static let analysts = """
          - { name: carol, email: carol@example.org, tier: 1 }
          - { name: marsha, email: marsha@example.org, tier: 2, skills: [payroll] }
        """
    static let yaml = """
        groups:
          payroll-managers: [s1@clinic.example, s2@clinic.example, carl@clinic.example]
          it-managers: [carl@clinic.example, director@clinic.example]
          all-staff: { members: [s1@clinic.example, nurse@clinic.example], sms: [ward3-pager@sms.example.org] }
        problems: { storm: { tickets: 3, within: 10m } }
        """
    static let proof = "Authentication-Results: \(MailFlowHarness.authservID); dkim=pass header.d=example.org\n"

    static func incident(_ number: Int, subject: String) -> String {
        "From: Supervisor \(number) <s\(number)@clinic.example>\nTo: support@example.org\nSubject: \(subject)\n"
            + "Message-ID: <inc\(number)@clinic.example>\n\nSince 9:00 payroll says: unable to connect to server.\n"
    }

    static func subjects(_ harness: MailFlowHarness, to address: String) -> [String] {
        harness.sent(to: address).map { $0.header("Subject") ?? "" }
    }

    @Test func thePayrollOutage() throws {
        let harness = try MailFlowHarness(extraYAML: Self.yaml, analysts: Self.analysts)
        defer { harness.stop() }
        let subjects = [
            "Payroll: unable to connect to server", "payroll cannot connect to server",
            "Unable to connect to payroll server", "PAYROLL server connection error",
        ]
        for (index, subject) in subjects.enumerated() {
            try harness.deliver(Self.incident(index + 1, subject: subject))
            try harness.poll()
        }
        // One storm notice per on-duty analyst, after the third, not repeated for the fourth.
        let storm = Self.subjects(harness, to: "marsha@example.org").filter { $0.contains("Possible outage") }
        #expect(storm.count == 1)
        #expect(storm.first?.contains("[Help Desk #3]") == true)

        // Marsha answers the notice with #problem: the incidents become its children.
        try harness.deliver(
            Self.proof + "From: Marsha <marsha@example.org>\nTo: support@example.org\n"
                + "Subject: Re: [Help Desk #3] Possible outage: 3 similar tickets in 10m\nMessage-ID: <mp@example.org>\n\n"
                + "#problem Payroll cannot connect to its server\n")
        try harness.poll()
        let problem = try #require(try harness.tickets().first { $0.subject == "Payroll cannot connect to its server" })
        #expect(try harness.ticket(problem.id)?.children == [1, 2, 3, 4])
        #expect(try harness.ticket(1)?.parent == problem.id)

        // #broadcast to the payroll managers reaches exactly them, each once; a replay nothing.
        func broadcast(_ audience: String, _ text: String, id: String) -> String {
            Self.proof + "From: Marsha <marsha@example.org>\nTo: support@example.org\n"
                + "Subject: Re: [Help Desk #\(problem.id)] Payroll cannot connect to its server\nMessage-ID: <\(id)@example.org>\n\n"
                + "#broadcast \(audience)\n\(text)\n"
        }
        let managers = broadcast("payroll-managers", "Managers only: the December run may slip a day.", id: "mb")
        try harness.deliver(managers)
        try harness.poll()
        try harness.deliver(managers)  // re-delivered: sent once
        try harness.poll()
        var updates = harness.smtp.received().filter { $0.header("Subject")?.contains("Update:") == true }
        #expect(
            updates.flatMap(\.recipients).sorted() == ["carl@clinic.example", "s1@clinic.example", "s2@clinic.example"])
        #expect(updates.allSatisfy { $0.recipients.count == 1 && $0.header("Precedence") == "bulk" })
        #expect(updates.allSatisfy { $0.header("Auto-Submitted") == "auto-generated" })
        // #broadcast children: the children's requesters only.
        try harness.deliver(
            broadcast("children", "We are restarting the payroll database; about 20 minutes.", id: "mc"))
        try harness.poll()
        updates = harness.smtp.received().filter { $0.header("Subject")?.contains("Update:") == true }.dropFirst(3)
            .map { $0 }
        #expect(
            updates.flatMap(\.recipients).sorted() == [
                "s1@clinic.example", "s2@clinic.example", "s3@clinic.example", "s4@clinic.example",
            ])

        // A fifth incident is linked automatically and told it is known, with the text the
        // children were sent (never the managers'); its owner hears of the link.
        let ownerBefore = harness.sent(to: "marsha@example.org").count
        try harness.deliver(Self.incident(5, subject: "payroll - cannot connect to the server"))
        try harness.poll()
        let fifth = try #require(try harness.tickets().first { $0.requester.email == "s5@clinic.example" })
        #expect(fifth.parent == problem.id)
        let ack = try #require(harness.sent(to: "s5@clinic.example").first)
        let ackText = try MIMEParser().parse(ack.raw).textBody
        #expect(ackText.contains("#\(problem.id)") && ackText.contains("restarting the payroll database"))
        #expect(!ackText.contains("December"))
        let announced = harness.sent(to: "marsha@example.org").dropFirst(ownerBefore)
        #expect(announced.count == 1)
        #expect(
            try announced.first.map { try MIMEParser().parse($0.raw).textBody.contains("linked to it automatically") }
                == true)

        // A human reply to the broadcast reaches the problem's owner.
        let before = harness.sent(to: "marsha@example.org").count
        try harness.deliver(
            "From: carl@clinic.example\nTo: support@example.org\nSubject: Re: [Help Desk #\(problem.id)] Update\n"
                + "Message-ID: <carl1@clinic.example>\n\nDoes this affect the December run?\n")
        try harness.poll()
        #expect(harness.sent(to: "marsha@example.org").count == before + 1)
        #expect(try harness.tickets().count == 6)  // no new ticket

        // Resolved: every child Marsha linked with it; each requester told once in their own
        // thread, Carl by broadcast; the children linked by their words are told, left open and
        // unlinked.
        let mark = harness.smtp.received().count
        try harness.deliver(
            Self.proof + "From: Marsha <marsha@example.org>\nTo: support@example.org\n"
                + "Subject: Re: [Help Desk #\(problem.id)] Payroll cannot connect to its server\nMessage-ID: <mr@example.org>\n\n"
                + "#resolve\nThe database is back.\n")
        try harness.poll()
        // (The fourth was not on the storm notice Marsha answered: #problem linked it by its words.)
        for child in [1, 2, 3] { #expect(try harness.ticket(Int64(child))?.status == .resolved) }
        for child in [4, fifth.id] {
            #expect(try harness.ticket(child)?.status.isActive == true)
            #expect(try harness.ticket(child)?.parent == nil)
        }
        let told = harness.smtp.received().dropFirst(mark)
        for number in 1...5 {
            let mails = told.filter { $0.recipients == ["s\(number)@clinic.example"] }
            #expect(mails.count == 1, "s\(number) got \(mails.count)")
            #expect(mails.first?.header("Subject")?.contains("Resolved:") == true)
        }
        let carl = told.filter { $0.recipients == ["carl@clinic.example"] }
        #expect(carl.count == 1 && carl.first?.header("Subject")?.contains("Resolved: Payroll cannot connect") == true)
        #expect(
            told.filter { $0.recipients.contains("s1@clinic.example") }.first?.header("Subject")?.contains("#1]")
                == true)
    }

    @Test func problemCreateNotifiesGroupsOnceWithAnSMSCopy() throws {
        let harness = try MailFlowHarness(extraYAML: Self.yaml, analysts: Self.analysts)
        defer { harness.stop() }
        try harness.deliver(Self.incident(1, subject: "Payroll: unable to connect to server"))
        try harness.poll()
        let created = try HelpDesk(runtime: harness.runtime).createProblem(
            title: "Payroll server down", children: [1], notify: ["payroll-managers", "it-managers", "all-staff"],
            priority: .high, actor: "operator:test", at: Date())
        let problem = try #require(created)
        #expect(problem.children == [1])
        try harness.poll()
        let outage = harness.smtp.received().filter { $0.header("Subject")?.contains("Outage") == true }
        let people = outage.flatMap(\.recipients)
        #expect(people.count == Set(people).count)  // overlapping groups, each once
        #expect(Set(people).isSuperset(of: ["s1@clinic.example", "carl@clinic.example", "director@clinic.example"]))
        let sms = try #require(outage.first { $0.recipients == ["ward3-pager@sms.example.org"] })
        let text = try MIMEParser().parse(sms.raw).textBody.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.count <= 160 && text.contains("Payroll server down"))
        #expect(try HelpDesk(runtime: harness.runtime).problems().map(\.id) == [problem.id])
    }
}
