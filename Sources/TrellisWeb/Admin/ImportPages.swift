import Foundation
import HTML
import HTTP
import Trellis

/// Uploading the HR system's CSV; the import runs in the background and this page follows it.
enum ImportPages {
  static func register(on router: Router, services: Services) {
    router.get("/admin/import") { request in
      try Policy.require(try request.actor(), .managePeople)
      return Layout.render(uploadPage(request: request), for: request)
    }

    router.post("/admin/import") { request in
      let actor = try request.actor()
      let form = try request.form()
      let options = ImportOptions(
        dryRun: try form.ticked("dryRun"), skipInvalid: try form.ticked("skipInvalid"),
        deactivateMissing: try form.ticked("deactivateMissing"))
      guard let file = form.file("file"), !file.data.isEmpty else {
        throw ValidationError(field: "file", "choose a CSV file to import")
      }
      guard let csv = String(validating: file.data, as: UTF8.self) else {
        throw ValidationError(
          field: "file", "is not UTF-8 text: export it from your HR system as UTF-8 CSV")
      }
      let id = try services.imports.start(actor, filename: file.filename, csv: csv, options: options)
      return .redirect(to: "/admin/imports/\(id)")
    }

    router.get("/admin/imports/:id") { request in
      let actor = try request.actor()
      let run = try services.imports.status(actor, id: try request.intParameter("id"))
      var response = Layout.render(statusPage(run), for: request)
      if run.status == .running {
        // Follows progress without script: the browser reloads the page every second.
        response.headers.set("Refresh", "1")
      }
      return response
    }
  }

  static func uploadPage(request: Request) -> Page {
    Page(title: "Import people", section: .admin) {
      Node.p { Node.a(.href("/admin")) { "← Admin" } }
      Node.h1 { "Import people from CSV" }
      Node.p {
        "Export from your HR system a CSV with a header row of SCIM attribute names. userName (the email) is required; the others are optional:"
      }
      Node.p { Node.code { Node.text(PeopleImport.columns.joined(separator: ", ")) } }
      Node.p(.class("muted")) {
        "manager is the manager’s email; active is true or false; hireDate is YYYY-MM-DD. Importing the same file twice changes nothing. A file with errors imports nothing unless you choose to skip the bad rows."
      }
      Form.post("/admin/import", request: request, attributes: [Attribute("enctype", "multipart/form-data")])
      {
        Form.field(
          "CSV file", name: "file", type: "file", required: true,
          extra: [Attribute("accept", ".csv,text/csv")])
        for (name, label) in [
          ("dryRun", "Dry run: check the file and show what would change, change nothing"),
          ("skipInvalid", "Skip rows with errors and import the rest"),
          ("deactivateMissing", "Deactivate people who are not in the file"),
        ] {
          Form.checkbox(label, name: name)
        }
        Node.button(.type("submit")) { "Import" }
      }
    }
  }

  static func statusPage(_ run: ImportRun) -> Page {
    Page(title: "Import \(run.filename)", section: .admin) {
      Node.p { Node.a(.href("/admin/import")) { "← Import another file" } }
      Node.h1 { Node.text("Import of \(run.filename)") }
      switch run.status {
      case .running:
        Node.p(.role("status")) { Node.text("Importing: \(run.processedRows) of \(run.totalRows) rows…") }
        Node.element(
          "progress",
          [
            .value(String(run.processedRows)), Attribute("max", String(max(run.totalRows, 1))),
            .aria("label", "Import progress"),
          ],
          [])
      case .failed:
        Node.p(.class("notice error"), .role("alert")) {
          "The import stopped because of an unexpected error; nothing was changed. The server log has the details."
        }
      case .done, .rejected:
        if let report = run.report { reportView(report) }
      }
    }
  }

  static func reportView(_ report: ImportReport) -> Node {
    .group {
      if report.rejected {
        Node.p(.class("notice error"), .role("alert")) {
          Node.text(
            "Nothing was imported: the file has \(Words.count(report.errors.count, "problem")). Correct them, or import again choosing to skip bad rows."
          )
        }
      } else if report.dryRun {
        Node.p(.class("notice"), .role("status")) {
          "Dry run: this is what the import would do. Nothing was changed."
        }
      } else {
        Node.p(.class("notice success"), .role("status")) { "The import is complete." }
      }
      Node.dl(.class("facts stats")) {
        for (label, count) in [
          ("Rows", report.rows), ("Created", report.created), ("Updated", report.updated),
          ("Unchanged", report.unchanged), ("Deactivated", report.deactivated), ("Skipped", report.skipped),
        ] {
          Node.dt { Node.text(label) }
          Node.dd { Node.text(String(count)) }
        }
      }
      if !report.errors.isEmpty {
        Node.h2 { "Problems" }
        Node.table {
          Node.thead {
            Node.tr {
              Node.th { "Line" }
              Node.th { "Column" }
              Node.th { "Problem" }
            }
          }
          Node.tbody {
            for error in report.errors {
              Node.tr {
                Node.td { Node.text(String(error.line)) }
                Node.td { Node.text(error.column ?? "") }
                Node.td { Node.text(error.message) }
              }
            }
          }
        }
      }
    }
  }
}
