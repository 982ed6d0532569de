import CCurl

/// A connection libcurl opened and logged in (`CURLOPT_CONNECT_ONLY`) that we then speak over
/// ourselves: the few commands of IMAP IDLE, which libcurl has no command for.
extension CurlEasy {
    /// Connects, negotiates TLS and logs in; returns libcurl's code (0 on success).
    func connectOnly(url: String) -> Int {
        set(TICKETD_OPT_CONNECT_ONLY, 1)
        set(TICKETD_OPT_URL, url)
        return Int(curl_easy_perform(handle).rawValue)
    }

    /// Sends all of `bytes`; returns libcurl's code.
    func send(_ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            var sent = 0
            let code = bytes[offset...].withUnsafeBytes { buffer in
                Int(ticketd_easy_send(handle, buffer.baseAddress, buffer.count, &sent).rawValue)
            }
            if code == Int(TICKETD_CURLE_AGAIN) {
                _ = ticketd_wait_readable(handle, 100)
                continue
            }
            guard code == 0 else { return code }
            offset += sent
        }
        return 0
    }

    /// Reads what has arrived, waiting up to `milliseconds` for something: the bytes (empty when
    /// nothing came in time) or libcurl's code for a failed or closed connection.
    func receive(waiting milliseconds: Int) -> Result<[UInt8], CurlReceiveFailure> {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var received = 0
        var code = buffer.withUnsafeMutableBytes {
            Int(ticketd_easy_recv(handle, $0.baseAddress, $0.count, &received).rawValue)
        }
        if code == Int(TICKETD_CURLE_AGAIN) {
            guard ticketd_wait_readable(handle, Int32(milliseconds)) == 1 else { return .success([]) }
            code = buffer.withUnsafeMutableBytes {
                Int(ticketd_easy_recv(handle, $0.baseAddress, $0.count, &received).rawValue)
            }
            if code == Int(TICKETD_CURLE_AGAIN) { return .success([]) }
        }
        guard code == 0 else { return .failure(CurlReceiveFailure(code: code)) }
        guard received > 0 else { return .failure(CurlReceiveFailure(code: 56)) }  // closed by the server
        return .success(Array(buffer[0..<received]))
    }
}

/// A receive that failed, with libcurl's code (56 when the server closed the connection).
struct CurlReceiveFailure: Error {
    let code: Int
}
