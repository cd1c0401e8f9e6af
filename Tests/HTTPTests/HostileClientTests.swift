import Dispatch
import Foundation
import HTTP
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Clients that try to hold the server: slow connections, requests during shutdown, odd paths.
@Suite("Hostile clients", .serialized)
struct HostileClientTests {
  @Test func slowConnectionsFromOneAddressCannotShutOthersOut() throws {
    let test = try TestServer(connectionLimit: 100, connectionsPerAddress: 16)
    // 300 connections that send one header line and never finish, from another client address.
    var slow: [Int32] = []
    defer { for descriptor in slow { close(descriptor) } }
    for _ in 0..<300 {
      slow.append(
        try test.client.openIdle(from: "127.0.0.2", sending: Array("GET /hello HTTP/1.1\r\nHost: x\r\n".utf8))
      )
    }
    // (How fast it is answered is measured in bench/hostile, not here.)
    let response = try test.client.get("/hello")
    #expect(response.status == 200)
  }

  @Test func shutdownFinishesWhatStartedAndTurnsAwayNewRequestsOnOpenConnections() throws {
    let test = try TestServer()
    let client = test.client
    let result = ResultBox()
    let finished = DispatchSemaphore(value: 0)
    // A keep-alive connection that has already been answered once.
    let idle = try client.openIdle(
      from: "127.0.0.1", sending: Array("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
    defer { close(idle) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    #expect(recv(idle, &buffer, buffer.count, 0) > 0)
    // That request is complete (its bookkeeping can trail the bytes) before the slow one starts.
    for _ in 0..<2000 where test.server.requestsInFlight > 0 { usleep(1_000) }
    Thread.detachNewThread {
      result.value = try? client.get("/slow")
      finished.signal()
    }
    for _ in 0..<2000 where test.server.requestsInFlight == 0 { usleep(5_000) }
    let report = ReportBox()
    let stopped = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      report.value = test.server.shutdown(gracePeriod: 5)
      stopped.signal()
    }
    for _ in 0..<2000 where !test.server.isStopping { usleep(1_000) }
    // A new request on the open connection is turned away, and the connection closed.
    _ = Array("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".utf8).withUnsafeBytes {
      send(idle, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
    }
    var answer: [UInt8] = []
    while true {
      let count = recv(idle, &buffer, buffer.count, 0)
      if count <= 0 { break }
      answer += buffer[0..<count]
    }
    let text = String(decoding: answer, as: UTF8.self)
    #expect(text.hasPrefix("HTTP/1.1 503"))
    #expect(text.lowercased().contains("connection: close"))
    #expect(finished.wait(timeout: .now() + 10) == .success)
    #expect(result.value?.status == 200 && result.value?.text == "finished")
    #expect(result.value?.header("Connection")?.lowercased() == "close")
    #expect(stopped.wait(timeout: .now() + 10) == .success)
    #expect(report.value?.finished == 1 && report.value?.cut == 0)
  }

  @Test(arguments: ["/healthz%00.html", "/hello%00", "/hello%00/x"])
  func aNULInThePathMatchesNothing(path: String) throws {
    let test = try TestServer()
    #expect(try test.client.get(path).status == 404)
  }

  @Test func aNULStaysEscapedInParametersAndQueries() throws {
    let test = try TestServer()
    #expect(try test.client.get("/people/5%00").text == "person 5%00")
    #expect(try test.client.get("/query?zone=Europe%2FLisbon%00").text == "zone=Europe/Lisbon%00")
  }

  @Test func secretsInPathsAreNotLogged() throws {
    var descriptors: [Int32] = [0, 0]
    #expect(pipe(&descriptors) == 0)
    let test = try TestServer(logDescriptor: descriptors[1])
    #expect(try test.client.get("/links/a-secret-token-1234").status == 200)
    test.server.shutdown(gracePeriod: 1)
    test.logger.flush()
    close(descriptors[1])
    var log = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(descriptors[0], &buffer, buffer.count)
      if count <= 0 { break }
      log += buffer[0..<count]
    }
    close(descriptors[0])
    let text = String(decoding: log, as: UTF8.self)
    #expect(text.contains(#""path":"/links/[secret]""#))
    #expect(!text.contains("a-secret-token-1234"))
  }
}

final class ReportBox: @unchecked Sendable {
  var value: Server.ShutdownReport?
}
