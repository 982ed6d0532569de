import Foundation

/// A throwaway certificate authority and a server certificate it signed, for the test servers'
/// TLS: valid for `localhost`, 127.0.0.1 and this machine's host name (made with openssl).
public struct TestCertificates: Sendable {
    public let directory: TemporaryDirectory
    /// The CA certificate a client trusts (`ca_file`).
    public var caFile: String { directory.file("ca.pem") }
    public var serverCertificate: String { directory.file("server.pem") }
    public var serverKey: String { directory.file("server.key") }

    /// This machine's host name: a name that is not loopback to ticketd (so plain `imap://` and
    /// `smtp://` to it must use STARTTLS) but that the resolver maps to a local address.
    public static var hostName: String { ProcessInfo.processInfo.hostName }

    public init() throws {
        directory = try TemporaryDirectory(prefix: "tls")
        let host = Self.hostName
        try "subjectAltName = DNS:localhost, DNS:\(host), IP:127.0.0.1\n".write(
            toFile: directory.file("server.ext"), atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=ticketd test CA",
                "-keyout", directory.file("ca.key"), "-out", caFile,
            ],
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(host)", "-keyout", serverKey, "-out",
                directory.file("server.csr"),
            ],
            [
                "x509", "-req", "-in", directory.file("server.csr"), "-CA", caFile, "-CAkey", directory.file("ca.key"),
                "-CAcreateserial", "-days", "2", "-extfile", directory.file("server.ext"), "-out", serverCertificate,
            ],
        ]
        for arguments in steps {
            let (status, output) = try ShellCommand.run("/usr/bin/openssl", arguments)
            guard status == 0 else { throw TestServerError("openssl \(arguments[0]) failed: \(output)") }
        }
        chmod(serverKey, 0o600)
    }

    /// The IPv4 addresses the host name resolves to (a server must listen there too).
    public static var hostAddresses: [String] {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(hostName, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var entry = list
        while let current = entry {
            if let address = current.pointee.ai_addr {
                var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
                address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                    var raw = ipv4.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &raw, &buffer, socklen_t(INET_ADDRSTRLEN))
                }
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(text) { addresses.append(text) }
            }
            entry = current.pointee.ai_next
        }
        return addresses
    }

    public func remove() { directory.remove() }
}
