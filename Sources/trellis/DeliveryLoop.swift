import Foundation
import HTTP
import Outbound
import Trellis

/// Email out through an SMTP server, web hooks by HTTP POST, both with libcurl.
struct CurlDeliverer: Deliverer {
  /// No SMTP server: web hooks only (email waits in the outbox).
  let url: String?
  let starttls: Bool

  func sendMail(from: String, to: String, message: Data) throws {
    guard let url else { throw Curl.Failure(description: "no SMTP server is configured (TRELLIS_SMTP_URL)") }
    try Curl.sendMail(url: url, starttls: starttls, from: from, to: [to], message: message)
  }

  func post(url: String, body: Data, headers: [(String, String)]) throws -> Int {
    try Curl.post(url: url, body: body, headers: headers)
  }
}

/// Discovery documents, key sets and token requests of identity providers, with libcurl.
struct CurlWebClient: WebClient {
  func get(_ url: String) throws -> (status: Int, body: Data) {
    try Curl.get(url: url, headers: [("Accept", "application/json")])
  }

  func postForm(_ url: String, form: String, headers: [(String, String)]) throws -> (status: Int, body: Data)
  {
    try Curl.postForm(url: url, form: form, headers: headers)
  }
}

extension CurlDeliverer: SecurityLogSender {
  func sendSyslog(_ address: SyslogAddress, messages: [String]) throws {
    try Syslog.send(
      messages, host: address.host, port: address.port, over: address.transport == .udp ? .udp : .tcp)
  }
}

/// A thread that queues reminders as they fall due, sends the outbox and keeps the dashboards'
/// figures up to date, until stopped.
final class DeliveryLoop: @unchecked Sendable {
  /// The background thread's nice value (requests run at 0).
  static let niceness: Int32 = 10
  private let stopped = NSCondition()
  private var stopping = false
  private var finished = false

  static func start(
    _ services: Services, _ deliverer: CurlDeliverer, lease: TimeInterval, logger: RequestLogger
  ) -> DeliveryLoop {
    Curl.initialize()
    let loop = DeliveryLoop()
    var worker = services.deliveryWorker(deliverer)
    worker.lease = lease
    if deliverer.url == nil { worker.channels = ["webhook"] }
    let thread = Thread { [worker] in
      // Background work yields the cores to requests (on Linux each thread has its own nice value):
      // a refresh of the figures takes seconds of CPU at 100,000 people.
      _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, DeliveryLoop.niceness)
      // Named for the operating system (ps, top, /proc), where the nice value shows; Foundation's
      // Thread.name does not always reach it.
      let comm = open("/proc/thread-self/comm", O_WRONLY)
      if comm >= 0 {
        _ = write(comm, "trellis-jobs", 12)
        close(comm)
      }
      var lastReminders = Date.distantPast
      var lastDaily = Date.distantPast
      var lastInsights = Date.distantPast
      var lastStream = Date.distantPast
      let host = ProcessInfo.processInfo.hostName
      while !loop.shouldStop(waiting: 1) {
        do {
          // Each job runs in one process at a time when several share the database.
          if Date().timeIntervalSince(lastReminders) >= 30 {
            // What changes only with the date is looked at hourly; reminders before a meeting every 30 s.
            let daily = Date().timeIntervalSince(lastDaily) >= 3_600
            lastReminders = Date()
            let reminded = try services.jobs.run(.reminders) {
              _ = try services.notifications.enqueueReminders(daily: daily)
            }
            if daily {
              lastDaily = lastReminders
              // The daily scan reads every running relationship: give that memory back too.
              if reminded { ProcessMemory.giveBack() }
              try services.jobs.run(.retention) {
                // Data past the time the people team keeps it (counts go to the audit log).
                let removed = try services.retention.apply()
                if removed.total > 0 { logger.info("retention", fields: [("removed", "\(removed.total)")]) }
              }
            }
          }
          if Date().timeIntervalSince(lastInsights) >= 300 {
            // The dashboards' figures: this quarter and the last, every five minutes.
            lastInsights = Date()
            // A refresh reads a quarter of the organization: give that memory back to the system.
            if try services.jobs.run(.insights, { try services.insights.refresh() }) {
              ProcessMemory.giveBack()
            }
          }
          if Date().timeIntervalSince(lastStream) >= 5 {
            // The security log to its syslog receiver and HTTPS endpoint, as it is written.
            lastStream = Date()
            if try services.audit.isStreaming() {
              try services.jobs.run(.securityLog) { _ = try services.audit.streamDue(deliverer, host: host) }
            }
          }
          let sent = try worker.deliverDue()
          if sent > 0 { logger.info("sent", fields: [("messages", "\(sent)")]) }
        } catch {
          logger.info("delivery failed", fields: [("error", "\(error)")])
        }
      }
      try? services.jobs.releaseAll()
      loop.finish()
    }
    thread.start()
    logger.info("delivering", fields: [("channels", worker.channels.sorted().joined(separator: ","))])
    return loop
  }

  /// Waits up to `seconds`; true once `stop` was called.
  private func shouldStop(waiting seconds: TimeInterval) -> Bool {
    stopped.lock()
    defer { stopped.unlock() }
    if !stopping { _ = stopped.wait(until: Date().addingTimeInterval(seconds)) }
    return stopping
  }

  private func finish() {
    stopped.lock()
    finished = true
    stopped.broadcast()
    stopped.unlock()
  }

  /// Asks the thread to stop and waits for the message in hand to be finished.
  func stop() {
    stopped.lock()
    stopping = true
    stopped.broadcast()
    while !finished { stopped.wait() }
    stopped.unlock()
  }
}
