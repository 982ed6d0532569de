import CCurl
import Foundation

/// One libcurl easy handle: one connection, reused across transfers. Not thread-safe: each
/// session object owns one and uses it from one thread at a time. `perform` blocks.
final class CurlEasy {
    /// The bytes a transfer produced.
    struct Response {
        var body: [UInt8] = []
        var headers: [UInt8] = []
    }

    let handle: UnsafeMutableRawPointer
    /// libcurl writes its error text here; allocated once, so the pointer it keeps stays valid.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(TICKETD_ERROR_SIZE) + 1)
    private var recipientList: UnsafeMutablePointer<curl_slist>?

    init() throws(MailError) {
        _ = CurlGlobal.initialized
        guard let handle = curl_easy_init() else {
            throw MailError(.configuration, "libcurl could not create a handle")
        }
        self.handle = handle
        errorBuffer.initialize(repeating: 0, count: Int(TICKETD_ERROR_SIZE) + 1)
        _ = ticketd_setopt_pointer(handle, TICKETD_OPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
    }

    deinit {
        curl_slist_free_all(recipientList)
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Applies the endpoint's credentials, TLS policy and timeouts.
    func configure(for endpoint: MailServerEndpoint) {
        set(TICKETD_OPT_NOSIGNAL, 1)
        set(TICKETD_OPT_CONNECTTIMEOUT, endpoint.connectTimeout)
        set(TICKETD_OPT_TIMEOUT, endpoint.operationTimeout)
        if let username = endpoint.username { set(TICKETD_OPT_USERNAME, username) }
        if let password = endpoint.password { set(TICKETD_OPT_PASSWORD, password) }
        if let caFile = endpoint.caFile { set(TICKETD_OPT_CAINFO, caFile) }
        set(TICKETD_OPT_SSL_VERIFYPEER, 1)
        set(TICKETD_OPT_SSL_VERIFYHOST, 2)
        if !endpoint.isImplicitTLS {
            set(TICKETD_OPT_USE_SSL, endpoint.isLoopback ? TICKETD_USESSL_NONE : TICKETD_USESSL_ALL)
        }
    }

    func set(_ option: CURLoption, _ value: Int) {
        _ = ticketd_setopt_long(handle, option, value)
    }

    func set(_ option: CURLoption, _ value: String?) {
        // libcurl copies string options (since 7.17), so the temporary C string may go.
        if let value {
            _ = value.withCString { ticketd_setopt_string(handle, option, $0) }
        } else {
            _ = ticketd_setopt_string(handle, option, nil)
        }
    }

    /// Sets the SMTP recipients (`CURLOPT_MAIL_RCPT`).
    func setRecipients(_ recipients: [String]) {
        curl_slist_free_all(recipientList)
        recipientList = nil
        for recipient in recipients {
            recipientList = curl_slist_append(recipientList, "<\(recipient)>")
        }
        _ = ticketd_setopt_slist(handle, TICKETD_OPT_MAIL_RCPT, recipientList)
    }

    /// Runs one transfer; `upload` is sent as the request body (SMTP DATA) when given.
    func perform(url: String, upload: [UInt8]? = nil, expectedSize: Int? = nil) -> (code: Int, response: Response) {
        let sink = TransferBuffers(upload: upload ?? [])
        if let expectedSize, expectedSize > 0 { sink.body.reserveCapacity(expectedSize + 64) }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        set(TICKETD_OPT_URL, url)
        _ = ticketd_setopt_write_fn(handle, TICKETD_OPT_WRITEFUNCTION, curlWriteBody)
        _ = ticketd_setopt_pointer(handle, TICKETD_OPT_WRITEDATA, context)
        _ = ticketd_setopt_write_fn(handle, TICKETD_OPT_HEADERFUNCTION, curlWriteHeader)
        _ = ticketd_setopt_pointer(handle, TICKETD_OPT_HEADERDATA, context)
        if upload != nil {
            set(TICKETD_OPT_UPLOAD, 1)
            _ = ticketd_setopt_read_fn(handle, TICKETD_OPT_READFUNCTION, curlReadUpload)
            _ = ticketd_setopt_pointer(handle, TICKETD_OPT_READDATA, context)
            _ = ticketd_setopt_offt(handle, TICKETD_OPT_INFILESIZE_LARGE, curl_off_t(sink.upload.count))
        } else {
            set(TICKETD_OPT_UPLOAD, 0)
        }
        errorBuffer[0] = 0
        let code = withExtendedLifetime(sink) { Int(curl_easy_perform(handle).rawValue) }
        return (code, Response(body: sink.body, headers: sink.headers))
    }

    /// The last reply code the server sent (SMTP), or 0.
    var responseCode: Int {
        var code = 0
        _ = ticketd_getinfo_long(handle, TICKETD_INFO_RESPONSE_CODE, &code)
        return code
    }

    /// libcurl's detailed message for the last failure, or its generic text for `code`.
    func errorText(for code: Int) -> String {
        let detail = String(cString: errorBuffer)
        if !detail.isEmpty { return detail }
        return String(cString: curl_easy_strerror(CURLcode(rawValue: UInt32(code))))
    }
}

/// libcurl's one-time global initialisation, done before the first handle exists.
enum CurlGlobal {
    static let initialized: Bool = ticketd_curl_global_init().rawValue == 0
}

/// Buffers one transfer's bytes; reached from the C callbacks through the context pointer.
private final class TransferBuffers {
    var body: [UInt8] = []
    var headers: [UInt8] = []
    let upload: [UInt8]
    var uploadOffset = 0

    init(upload: [UInt8]) {
        self.upload = upload
    }
}

private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    append(data, size * count, context, to: \.body)
}

private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    append(data, size * count, context, to: \.headers)
}

/// Appends what libcurl hands over to one of the transfer's buffers; returns the bytes taken.
private func append(
    _ data: UnsafeMutablePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?,
    to buffer: ReferenceWritableKeyPath<TransferBuffers, [UInt8]>
) -> Int {
    guard let data, let context else { return 0 }
    let buffers = Unmanaged<TransferBuffers>.fromOpaque(context).takeUnretainedValue()
    buffers[keyPath: buffer].append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    return length
}

private func curlReadUpload(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let context else { return 0 }
    let buffers = Unmanaged<TransferBuffers>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, buffers.upload.count - buffers.uploadOffset)
    guard length > 0 else { return 0 }
    buffers.upload.withUnsafeBytes { source in
        UnsafeMutableRawPointer(buffer).copyMemory(
            from: source.baseAddress! + buffers.uploadOffset, byteCount: length)
    }
    buffers.uploadOffset += length
    return length
}

/// libcurl's process-wide set-up, to be done once by `main` before any thread starts.
public enum CurlLibrary {
    @discardableResult
    public static func initialize() -> Bool { CurlGlobal.initialized }
}
