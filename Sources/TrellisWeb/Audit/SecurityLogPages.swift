import Foundation
import HTML
import HTTP
import Trellis

/// The security log for admins: filtered pages, a JSON Lines export and where it is streamed; and
/// the same through the API.
enum SecurityLogPages {
  static func register(on router: Router, services: Services) {
    router.get("/admin/audit") { request in
      let actor = try request.actor()
      let (limit, offset) = try request.paging()
      let actions = try services.audit.securityActions(actor)
      let streaming = try services.audit.streaming(actor)
      do {
        let filter = try filter(request, actor: actor, services: services)
        let page = try services.audit.securityLog(actor, filter, limit: limit, offset: offset)
        return Layout.render(
          logPage(
            page, actions: actions, streaming: streaming, values: filterValues(request), errors: [],
            request: request),
          for: request)
      } catch let error as ValidationError {
        let empty = Trellis.Page<SecurityEvent>(items: [], total: 0, limit: limit, offset: 0)
        return Layout.render(
          logPage(
            empty, actions: actions, streaming: streaming, values: filterValues(request),
            errors: error.httpError.fieldErrors, request: request),
          for: request, status: error.httpError.status)
      }
    }

    router.get("/admin/audit/export.jsonl") { request in
      let actor = try request.actor()
      let lines = try services.audit.exportSecurityLog(
        actor, try filter(request, actor: actor, services: services), from: request.origin)
      return export(lines)
    }

    router.post("/admin/audit/streaming") { request in
      let actor = try request.actor()
      let form = try request.form()
      let token = form["httpsToken"] ?? ""
      let input = SecurityLogStreamingInput(
        syslog: form["syslog"] ?? "", https: form["https"] ?? "",
        httpsToken: try form.ticked("removeToken") ? "" : (token.isEmpty ? nil : token))
      _ = try services.audit.setStreaming(actor, input, from: request.origin)
      return Response.redirect(to: "/admin/audit#streaming").withNotice("Streaming is saved.")
    }

    router.get("/api/v1/admin/audit") { request in
      let actor = try request.actor()
      let (limit, offset) = try request.paging()
      return try .json(
        try services.audit.securityLog(
          actor, try filter(request, actor: actor, services: services), limit: limit, offset: offset))
    }

    router.get("/api/v1/admin/audit/export") { request in
      let actor = try request.actor()
      return export(
        try services.audit.exportSecurityLog(
          actor, try filter(request, actor: actor, services: services), from: request.origin))
    }

    router.get("/api/v1/admin/audit/streaming") { request in
      try .json(try services.audit.streaming(try request.actor()))
    }

    router.put("/api/v1/admin/audit/streaming") { request in
      let input = try request.decodeJSON(SecurityLogStreamingInput.self)
      return try .json(try services.audit.setStreaming(try request.actor(), input, from: request.origin))
    }
  }

  static func export(_ lines: Data) -> Response {
    Response(
      status: .ok,
      headers: Headers([
        ("Content-Type", "application/x-ndjson; charset=utf-8"),
        ("Content-Disposition", "attachment; filename=\"trellis-security-log.jsonl\""),
      ]), body: Array(lines))
  }

  /// The filter in the query: `action`, `person` (an email), `from` and `to` (dates). A value that
  /// cannot be used is a 422 naming the field.
  static func filter(_ request: Request, actor: Actor, services: Services) throws -> SecurityLogFilter {
    var filter = SecurityLogFilter()
    var validator = Validator()
    if let action = request.query("action"), !action.isEmpty {
      validator.check(action.unicodeScalars.count <= 200, "action", "must be at most 200 characters")
      filter.action = action
    }
    if let email = request.query("person")?.trimmingCharacters(in: .whitespaces), !email.isEmpty {
      if email.count <= EmailAddress.maxLength, let person = try services.people.person(actor, email: email) {
        filter.person = person.id
      } else {
        validator.add("person", "no one in Trellis has the email \(email.prefix(EmailAddress.maxLength))")
      }
    }
    for field in ["from", "to"] {
      guard let text = request.query(field), !text.isEmpty else { continue }
      guard let date = CalendarDate(text) else {
        validator.add(field, "must be a date as YYYY-MM-DD")
        continue
      }
      if field == "from" { filter.from = date } else { filter.to = date }
    }
    try validator.throwIfInvalid()
    return filter
  }

  static func filterValues(_ request: Request) -> [String: String] {
    var values: [String: String] = [:]
    for name in ["action", "person", "from", "to"] { values[name] = request.query(name) ?? "" }
    return values
  }

  static func logPage(
    _ page: Trellis.Page<SecurityEvent>, actions: [String], streaming: SecurityLogStreaming,
    values: [String: String], errors: [FieldError], request: Request
  ) -> Page {
    let query = ["action", "person", "from", "to"].compactMap { name -> String? in
      guard let value = values[name], !value.isEmpty else { return nil }
      return "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
    }
    let filterQuery = query.joined(separator: "&")
    return Page(title: "Security log", section: .admin) {
      Node.p { Node.a(.href("/admin")) { "← Admin" } }
      Node.h1 { "Security log" }
      Node.p(.class("lead")) {
        "Sign-ins, sign-outs, account links, roles, tokens, imports, settings and exports: who did what, to whom, from where. Career content never appears here."
      }
      Node.form(.method("get"), .action(WebPage.securityLog.path), .class("filters"), .role("search")) {
        Form.select(
          "Action", name: "action", options: [("", "Any")] + actions.map { ($0, $0) },
          selected: values["action"],
          id: "filter-action")
        Form.field(
          "Person (email)", name: "person", value: values["person"] ?? "", type: "email",
          error: message("person", errors))
        Form.field(
          "From", name: "from", value: values["from"] ?? "", type: "date", error: message("from", errors))
        Form.field("To", name: "to", value: values["to"] ?? "", type: "date", error: message("to", errors))
        Node.button(.type("submit"), .class("secondary small")) { "Filter" }
      }
      Node.p {
        Node.a(.href("/admin/audit/export.jsonl" + (filterQuery.isEmpty ? "" : "?" + filterQuery))) {
          "Export these events as JSON Lines"
        }
      }
      if page.items.isEmpty { Node.p(.class("empty")) { "No events match." } }
      WideTable.region("Security log events") {
        Node.table {
          Node.thead {
            Node.tr {
              for heading in ["When", "Who", "Action", "Person", "Detail", "From"] {
                Node.th { Node.text(heading) }
              }
            }
          }
          Node.tbody {
            for event in page.items {
              Node.tr {
                Node.td { Node.text(Dates.dayAndTime(event.at)) }
                Node.td { Node.text(event.actorName ?? (event.via.isEmpty ? "Trellis" : "—")) }
                Node.td { Node.text(event.action) }
                Node.td { Node.text(event.subjectName ?? "") }
                Node.td { Node.text(event.detail) }
                Node.td {
                  Node.text([event.via, event.address].filter { !$0.isEmpty }.joined(separator: ", "))
                }
              }
            }
          }
        }
      }
      Pager.nav(page) { "/admin/audit?\(filterQuery.isEmpty ? "" : filterQuery + "&")offset=\($0)" }
      streamingForm(streaming, values: values, errors: errors, request: request)
    }
  }

  static func message(_ field: String, _ errors: [FieldError]) -> String? {
    errors.first { $0.field == field }?.message
  }

  static func streamingForm(
    _ streaming: SecurityLogStreaming, values: [String: String], errors: [FieldError], request: Request
  ) -> Node {
    Node.section(.id("streaming"), .aria("labelledby", "streaming-heading")) {
      Node.h2(.id("streaming-heading")) { "Streaming" }
      Node.p(.class("muted")) {
        "Each event is also sent as it happens: to a syslog receiver (RFC 5424, facility authpriv) and to an HTTPS endpoint (JSON Lines, POST). A destination that is down gets what it missed once it answers again. How long the log is kept is set under Retention."
      }
      for (name, error) in [("Syslog", streaming.syslogError), ("HTTPS", streaming.httpsError)]
      where !error.isEmpty {
        Node.p(.class("error"), .role("status")) { Node.text("\(name): last attempt failed: \(error)") }
      }
      Form.post("/admin/audit/streaming", request: request) {
        Form.field(
          "Syslog receiver", name: "syslog", value: values["syslog"] ?? streaming.syslog,
          hint: "udp://host:514 or tcp://host:601; empty to stop.", error: message("syslog", errors))
        Form.field(
          "HTTPS endpoint", name: "https", value: values["https"] ?? streaming.https, type: "url",
          hint: "Receives POSTs of application/x-ndjson; empty to stop.", error: message("https", errors))
        Form.field(
          "Bearer token for the endpoint", name: "httpsToken", type: "password",
          hint: streaming.httpsTokenSet ? "A token is set; leave empty to keep it." : "Optional.",
          error: message("httpsToken", errors), extra: [Attribute("autocomplete", "off")])
        if streaming.httpsTokenSet {
          Form.checkbox("Remove the token", name: "removeToken")
        }
        Node.button(.type("submit")) { "Save streaming" }
      }
    }
  }
}

/// The OpenAPI description of the security log.
enum SecurityLogAPI {
  static let filters: [JSONValue] = [
    Spec.query("action", schema: ["type": "string", "maxLength": 200], description: "Only this action"),
    Spec.query(
      "person", schema: ["type": "string", "maxLength": 254],
      description: "Only events done by or to the person with this email"),
    Spec.query("from", schema: Spec.date(optional: true), description: "From this day (UTC)"),
    Spec.query("to", schema: Spec.date(optional: true), description: "Up to and including this day (UTC)"),
  ]

  static let event: JSONValue = [
    "type": "object", "required": ["id", "action", "detail", "address", "via", "at"],
    "properties": [
      "id": ["type": "integer"], "actorID": ["type": ["integer", "null"]],
      "actorName": ["type": ["string", "null"]], "action": ["type": "string"],
      "subjectID": ["type": ["integer", "null"]], "subjectName": ["type": ["string", "null"]],
      "detail": ["type": "string"], "address": ["type": "string"], "via": ["type": "string"],
      "at": ["type": "string", "format": "date-time"],
    ],
  ]

  static let streaming: JSONValue = [
    "type": "object", "required": ["syslog", "https", "httpsTokenSet", "syslogError", "httpsError"],
    "properties": [
      "syslog": ["type": "string"], "https": ["type": "string"], "httpsTokenSet": ["type": "boolean"],
      "syslogError": ["type": "string"], "httpsError": ["type": "string"],
    ],
  ]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/admin/audit",
      [
        "get": Spec.operation(
          "getSecurityLog",
          "The security log (sign-ins, administrative actions, tokens, exports), newest first, filtered, a page at a time (admins)",
          tag: "admin", parameters: filters + Spec.paging,
          success: ("200", "A page of events", Spec.page(of: event)), errors: ["400", "401", "403", "422"])
      ]
    ),
    (
      "/api/v1/admin/audit/export",
      [
        "get": Spec.operation(
          "exportSecurityLog",
          "Every event the filter matches, oldest first, one JSON object per line; the export is itself logged (admins)",
          tag: "admin", parameters: filters, success: ("200", "JSON Lines", ["type": "string"]),
          errors: ["400", "401", "403", "422"], successMediaType: "application/x-ndjson")
      ]
    ),
    (
      "/api/v1/admin/audit/streaming",
      [
        "get": Spec.operation(
          "getSecurityLogStreaming",
          "Where the security log is streamed, and the last failure of each (admins)",
          tag: "admin", success: ("200", "Streaming", streaming)),
        "put": Spec.operation(
          "setSecurityLogStreaming",
          "Stream the security log to a syslog receiver (udp:// or tcp://, RFC 5424) and/or an HTTPS endpoint (JSON Lines); empty turns one off; httpsToken omitted keeps the stored one (admins)",
          tag: "admin",
          body: Spec.json([
            "type": "object", "required": ["syslog", "https"],
            "properties": [
              "syslog": [
                "type": "string", "maxLength": 300,
                "pattern": "^((udp|tcp)://[^/]+:[0-9]{1,5}/?)?$",
              ],
              "https": ["type": "string", "maxLength": 2_000, "pattern": "^(https?://.+)?$"],
              "httpsToken": ["type": ["string", "null"], "maxLength": 1_000],
            ],
          ]), success: ("200", "Streaming", streaming), errors: ["400", "401", "403", "415", "422"]),
      ]
    ),
  ]
}
