import Foundation
import TicketdTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `ticketd-bench latency [N]`: `ticketd run` with the default configuration (IDLE on), N mails
/// (100) dropped into the real Dovecot at random moments 0.2–3 s apart; per mail, the time from
/// its arrival to its acknowledgement reaching the SMTP sink. Then the daemon's CPU over 60 s
/// with nothing to do; then the same mails again without IDLE (`idle: false`, `poll_interval: 5s`).
func latencyBenchmark(count: Int) throws {
    let binDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    let ticketd = "\(binDirectory)/ticketd"
    guard FileManager.default.isExecutableFile(atPath: ticketd) else { fail("\(ticketd) is missing: build it first") }

    /// Runs a daemon with `mailbox` settings, delivers the mails, returns the latencies (and
    /// the idle CPU share when asked).
    func run(_ mailbox: String, tag: String, measureIdle: Bool) throws -> (latencies: [Double], idleCPU: Double?) {
        let dovecot = try DovecotServer()
        let smtp = try SMTPSink()
        let work = try TemporaryDirectory(prefix: "bench-latency")
        defer {
            dovecot.stop()
            smtp.stop()
            work.remove()
        }
        try dovecot.password.write(toFile: work.file("imap.secret"), atomically: true, encoding: .utf8)
        chmod(work.file("imap.secret"), 0o600)
        try """
        database: \(work.file("data/ticketd.sqlite"))
        support_address: "Help Desk <support@example.org>"
        mailbox: { url: "\(dovecot.url)", username: \(dovecot.username), password_file: \(work.file("imap.secret"))\(mailbox) }
        smtp: { url: "\(smtp.url)", envelope_from: bounces@example.org }

        """.write(toFile: work.file("ticketd.yaml"), atomically: true, encoding: .utf8)
        let pid = try ShellCommand.spawn(
            ticketd, ["run", "--config", work.file("ticketd.yaml")], outputPath: work.file("run.log"))
        defer { ShellCommand.stopChild(pid) }
        sleep(2)
        var generator = SystemRandomNumberGenerator()
        var deliveredAt: [Date] = []
        var acknowledgedAt: [Int: Date] = [:]
        func look() {
            for mail in smtp.received() {
                guard let recipient = mail.recipients.first, recipient.hasPrefix("user"),
                    let index = Int(recipient.dropFirst(4).prefix { $0.isNumber }), acknowledgedAt[index] == nil
                else { continue }
                acknowledgedAt[index] = Date()
            }
        }
        for index in 0..<count {
            let mail =
                "From: user\(index)@example.org\nSubject: latency \(tag) \(index)\nMessage-ID: <lat-\(tag)-\(index)@x>\n\nhelp\n"
            try dovecot.deliver([Array(mail.utf8)])
            deliveredAt.append(Date())
            let pause = Date().addingTimeInterval(Double.random(in: 0.2...3, using: &generator))
            while Date() < pause {
                look()
                usleep(20_000)
            }
        }
        let deadline = Date().addingTimeInterval(30)
        while acknowledgedAt.count < count, Date() < deadline {
            look()
            usleep(20_000)
        }
        let latencies = (0..<count).map { index in
            acknowledgedAt[index].map { $0.timeIntervalSince(deliveredAt[index]) } ?? 999
        }
        var idleCPU: Double?
        if measureIdle {
            note("idle CPU: 60 s with no mail…")
            let before = cpuSeconds(pid: pid) ?? 0
            sleep(60)
            idleCPU = ((cpuSeconds(pid: pid) ?? 0) - before) / 60 * 100
        }
        return (latencies, idleCPU)
    }

    func percentile(_ values: [Double], _ share: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * share).rounded()))]
    }
    note("with IDLE (the default): \(count) mails at random moments…")
    let idle = try run("", tag: "idle", measureIdle: true)
    note("without IDLE, poll_interval 5s: \(count) mails…")
    let polling = try run(", idle: false, poll_interval: 5s", tag: "poll", measureIdle: false)
    print(
        json([
            "p50_seconds": round3(percentile(idle.latencies, 0.5)),
            "p99_seconds": round3(percentile(idle.latencies, 0.99)),
            "max_seconds": round3(idle.latencies.max() ?? 0), "idle_cpu_percent": round3(idle.idleCPU ?? 0),
            "polling_p50_seconds": round3(percentile(polling.latencies, 0.5)),
            "polling_p99_seconds": round3(percentile(polling.latencies, 0.99)),
            "polling_max_seconds": round3(polling.latencies.max() ?? 0), "mails": count,
            "cores": ProcessInfo.processInfo.activeProcessorCount,
        ]))
}
