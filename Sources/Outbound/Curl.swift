import CCurl
import Foundation

/// Sending over the network with libcurl: a message to an SMTP server, a JSON body to a web hook.
/// Knows nothing of Trellis; the command line wires it to the delivery worker.
public enum Curl {
  public struct Failure: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
  }

  /// Set once per process before threads start (libcurl's global init is not thread-safe).
  public static func initialize() {
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
  }

  /// Sends `message` (RFC 5322 bytes) through the SMTP server at `url`
  /// (`smtp://user:password@host:port`, or `smtps://`); `starttls` requires STARTTLS on smtp://.
  public static func sendMail(url: String, starttls: Bool, from: String, to: [String], message: Data) throws {
    guard let curl = curl_easy_init() else { throw Failure(description: "libcurl could not start") }
    defer { curl_easy_cleanup(curl) }
    var recipients: UnsafeMutablePointer<curl_slist>? = nil
    for address in to { recipients = curl_slist_append(recipients, "<\(address)>") }
    defer { curl_slist_free_all(recipients) }
    let upload = Upload(message)
    let box = Unmanaged.passRetained(upload)
    defer { box.release() }
    try check(trellis_curl_set_string(curl, CURLOPT_URL, url))
    try check(trellis_curl_set_string(curl, CURLOPT_MAIL_FROM, "<\(from)>"))
    try check(trellis_curl_set_pointer(curl, CURLOPT_MAIL_RCPT, recipients))
    try check(trellis_curl_set_long(curl, CURLOPT_UPLOAD, 1))
    try check(trellis_curl_set_long(curl, CURLOPT_INFILESIZE_LARGE, message.count))
    try check(trellis_curl_set_read(curl, Upload.read))
    try check(trellis_curl_set_pointer(curl, CURLOPT_READDATA, box.toOpaque()))
    try check(trellis_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, 10))
    try check(trellis_curl_set_long(curl, CURLOPT_TIMEOUT, 60))
    try check(trellis_curl_set_long(curl, CURLOPT_NOSIGNAL, 1))
    if starttls { try check(trellis_curl_set_long(curl, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))) }
    try check(curl_easy_perform(curl))
  }

  /// POSTs `body` to `url` with `headers`; returns the HTTP status (the answer's body is not kept).
  public static func post(url: String, body: Data, headers: [(String, String)]) throws -> Int {
    try fetch(url: url, body: body, headers: headers, limit: 0).status
  }

  /// GETs `url`; returns the HTTP status and body (at most `limit` bytes).
  public static func get(url: String, headers: [(String, String)] = [], limit: Int = 1 << 20) throws
    -> (status: Int, body: Data)
  {
    try fetch(url: url, body: nil, headers: headers, limit: limit)
  }

  /// POSTs an `application/x-www-form-urlencoded` body; returns the HTTP status and body.
  public static func postForm(url: String, form: String, headers: [(String, String)], limit: Int = 1 << 20)
    throws -> (status: Int, body: Data)
  {
    try fetch(
      url: url, body: Data(form.utf8),
      headers: headers + [("Content-Type", "application/x-www-form-urlencoded")], limit: limit)
  }

  private static func fetch(url: String, body: Data?, headers: [(String, String)], limit: Int) throws
    -> (status: Int, body: Data)
  {
    guard let curl = curl_easy_init() else { throw Failure(description: "libcurl could not start") }
    defer { curl_easy_cleanup(curl) }
    var list: UnsafeMutablePointer<curl_slist>? = nil
    for (name, value) in headers { list = curl_slist_append(list, "\(name): \(value)") }
    defer { curl_slist_free_all(list) }
    let download = Download(limit: limit)
    let downloadBox = Unmanaged.passRetained(download)
    defer { downloadBox.release() }
    let upload = Upload(body ?? Data())
    let uploadBox = Unmanaged.passRetained(upload)
    defer { uploadBox.release() }
    try check(trellis_curl_set_string(curl, CURLOPT_URL, url))
    if let body {
      try check(trellis_curl_set_long(curl, CURLOPT_POST, 1))
      try check(trellis_curl_set_long(curl, CURLOPT_POSTFIELDSIZE_LARGE, body.count))
      try check(trellis_curl_set_read(curl, Upload.read))
      try check(trellis_curl_set_pointer(curl, CURLOPT_READDATA, uploadBox.toOpaque()))
    }
    try check(trellis_curl_set_pointer(curl, CURLOPT_HTTPHEADER, list))
    try check(trellis_curl_set_write(curl, Download.write))
    try check(trellis_curl_set_pointer(curl, CURLOPT_WRITEDATA, downloadBox.toOpaque()))
    // Only web addresses: no file://, no other protocols a configured address could name.
    try check(trellis_curl_set_string(curl, CURLOPT_PROTOCOLS_STR, "http,https"))
    try check(trellis_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, 10))
    try check(trellis_curl_set_long(curl, CURLOPT_TIMEOUT, 30))
    try check(trellis_curl_set_long(curl, CURLOPT_NOSIGNAL, 1))
    try check(curl_easy_perform(curl))
    var status = 0
    _ = trellis_curl_response_code(curl, &status)
    return (status, Data(download.bytes))
  }

  private static func check(_ code: CURLcode) throws {
    guard code == CURLE_OK else {
      throw Failure(description: String(cString: curl_easy_strerror(code)))
    }
  }

  /// The bytes libcurl reads from, in order.
  final class Upload {
    let bytes: [UInt8]
    var offset = 0

    init(_ data: Data) { bytes = Array(data) }

    static let read: curl_read_callback = { buffer, size, count, context in
      guard let buffer, let context else { return 0 }
      let upload = Unmanaged<Upload>.fromOpaque(context).takeUnretainedValue()
      let length = min(size * count, upload.bytes.count - upload.offset)
      upload.bytes.withUnsafeBufferPointer { source in
        buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
          $0.update(from: source.baseAddress! + upload.offset, count: length)
        }
      }
      upload.offset += length
      return length
    }

  }

  /// The bytes libcurl writes, up to a limit (the rest is read and dropped).
  final class Download {
    let limit: Int
    var bytes: [UInt8] = []

    init(limit: Int) { self.limit = limit }

    static let write: curl_write_callback = { buffer, size, count, context in
      guard let buffer, let context else { return 0 }
      let download = Unmanaged<Download>.fromOpaque(context).takeUnretainedValue()
      let length = size * count
      let kept = min(length, download.limit - download.bytes.count)
      if kept > 0 {
        buffer.withMemoryRebound(to: UInt8.self, capacity: kept) {
          download.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: kept))
        }
      }
      return length
    }
  }
}
