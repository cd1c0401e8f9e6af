import Foundation
import HTTP
import Trellis

/// What one press of any button on the conversation page does: save every part whose text
/// changed, then the button's own action. When something is refused, the page comes back with
/// everything typed and each problem beside its field, so nothing typed is lost.
final class ConversationWorkspace {
  let services: Services
  let actor: Actor
  let detail: ConversationDetail
  let form: FormData
  private(set) var saved: [String] = []
  private(set) var problems: [FieldError] = []
  private(set) var conflict = false

  init(services: Services, actor: Actor, detail: ConversationDetail, form: FormData) {
    self.services = services
    self.actor = actor
    self.detail = detail
    self.form = form
  }

  var conversations: ConversationService { services.conversations }
  var id: Int64 { detail.conversation.id }

  /// Browsers send a text area's line breaks as CRLF; what is stored has LF.
  func text(_ name: String) -> String? {
    form[name].map { $0.replacingOccurrences(of: "\r\n", with: "\n") }
  }

  /// Runs one change; a refusal becomes a problem of `field` (or of the fields it names, renamed
  /// to the page's by `fields`).
  func attempt(
    _ field: String, saved label: String? = nil, fields: [String: String] = [:], _ change: () throws -> Void
  ) throws {
    do {
      try change()
      if let label { saved.append(label) }
    } catch let error as HTTPErrorConvertible where error is ValidationError || error is Conflict {
      conflict = conflict || error is Conflict
      let http = error.httpError
      problems +=
        http.fieldErrors.isEmpty
        ? [FieldError(field: field, message: http.detail ?? http.title)]
        : http.fieldErrors.map { FieldError(field: fields[$0.field] ?? field, message: $0.message) }
    }
  }

  /// Saves what changed, in the order of the page.
  func saveTexts() throws {
    let editable = detail.canEdit
    let prompts = detail.guide.prompts.indices
    if editable, prompts.contains(where: { form["answer-\($0)"] != nil }) || form["shareReflection"] != nil {
      // Prompts of the other side have no field here: their stored answers stay as they are.
      let stored = detail.myReflection?.answers ?? [:]
      var answers: [String: String] = [:]
      for (index, prompt) in detail.guide.prompts.enumerated() {
        answers[prompt] = text("answer-\(index)") ?? stored[prompt] ?? ""
      }
      let share = form["shareReflection"] != nil
      let typed = answers.mapValues(\.trimmed).filter { !$0.value.isEmpty }
      if typed != stored || share != (detail.myReflection?.sharedAt != nil) {
        try attempt("answers", saved: "your reflection") {
          try conversations.saveReflection(actor, conversation: id, answers: answers, share: share)
        }
      }
    }
    if editable, let agenda = text("agendaText"), !agenda.trimmed.isEmpty {
      try attempt("agendaText", saved: "the agenda item") {
        try conversations.addAgendaItem(actor, conversation: id, text: agenda)
      }
    }
    if editable, let notes = text("notes"), notes != (detail.sharedNotes?.body ?? "") {
      try attempt("notes", saved: "the shared notes") {
        _ = try conversations.saveSharedNotes(
          actor, conversation: id, body: notes, baseRevision: Int(form["notesBaseRevision"] ?? "") ?? 0)
      }
    }
    if let note = text("privateNote"), note != (detail.myPrivateNote?.body ?? "") {
      try attempt("privateNote", saved: "your private note") {
        try conversations.savePrivateNote(actor, conversation: id, body: note)
      }
    }
    // The summary is kept as a draft for its author; only "Share the summary" shares it.
    let shared = detail.summary?.body ?? ""
    if editable, form["do"] != "share-summary", let summary = text("summary"),
      summary.trimmed != (detail.mySummaryDraft?.body ?? shared).trimmed
    {
      try attempt("summary", saved: "your summary draft") {
        try conversations.saveSummaryDraft(actor, conversation: id, body: summary)
      }
    }
    if editable, let title = text("actionTitle"), !title.trimmed.isEmpty {
      try attempt(
        "actionTitle", saved: "the action item",
        fields: ["title": "actionTitle", "ownerID": "actionOwnerID", "dueOn": "actionDueOn"]
      ) {
        _ = try conversations.addActionItem(
          actor, conversation: id, title: title, ownerID: Int64(form["actionOwnerID"] ?? "") ?? 0,
          dueOn: form["actionDueOn"] ?? "")
      }
    }
  }

  /// The pressed button's own action, and what to say when it is done.
  func act(_ button: String) throws -> String? {
    let (verb, argument) =
      button.firstIndex(of: ":").map { (String(button[..<$0]), Int64(button[button.index(after: $0)...])) }
      ?? (button, nil)
    var notice: String?
    switch (verb, argument) {
    case ("save", nil): break
    case ("held", nil):
      try attempt("status") { _ = try conversations.setStatus(actor, conversation: id, to: .held) }
      notice = "The conversation is marked as held."
    case ("missed-or-cancelled", nil):
      let chosen = form["missedOrCancelled"] ?? "missed"
      let status: ConversationStatus = chosen == "cancelled" ? .cancelled : .missed
      try attempt("statusReason", fields: ["reason": "statusReason"]) {
        guard ["missed", "cancelled"].contains(chosen) else {
          throw ValidationError(field: "missedOrCancelled", "must be missed or cancelled")
        }
        _ = try conversations.setStatus(
          actor, conversation: id, to: status, reason: form["statusReason"] ?? "")
      }
      notice =
        status == .cancelled ? "The conversation is cancelled." : "The conversation is marked as missed."
    case ("share-summary", nil):
      try attempt("summary", fields: ["body": "summary"]) {
        try conversations.writeSummary(
          actor, conversation: id, body: text("summary") ?? detail.mySummaryDraft?.body ?? "")
      }
      notice = "The summary is shared. \(detail.other(of: actor.id).displayName) is asked to confirm it."
    case ("confirm-summary", nil), ("comment-summary", nil):
      try attempt("summaryComment", fields: ["comment": "summaryComment"]) {
        try conversations.respondToSummary(
          actor, conversation: id, confirm: verb == "confirm-summary", comment: form["summaryComment"] ?? "")
      }
      notice = "Your response to the summary is saved."
    case ("remove-agenda", let item?):
      try attempt("agendaText") { try conversations.removeAgendaItem(actor, conversation: id, item: item) }
      notice = "Removed from the agenda."
    case ("done", let item?), ("reopen", let item?), ("drop", let item?):
      let status: ActionStatus = verb == "done" ? .done : verb == "drop" ? .dropped : .open
      try attempt("dropReason-\(item)", fields: ["reason": "dropReason-\(item)"]) {
        _ = try conversations.updateActionItem(
          actor, item: item, status: status, reason: form["dropReason-\(item)"] ?? "")
      }
      notice = "The action item is updated."
    case ("pulse", nil):
      try attempt("pulse") {
        try conversations.givePulse(
          actor, conversation: id, feltHeard: Int(form["feltHeard"] ?? "") ?? 0,
          clearNextSteps: Int(form["clearNextSteps"] ?? "") ?? 0)
      }
      notice = "Thank you. Your answer is counted anonymously."
    default:
      throw HTTPError.invalid([FieldError(field: "do", message: "is not an action of this page")])
    }
    return notice
  }

  /// "Saved: your reflection and the shared notes." and the action's own notice.
  func notice(_ action: String?) -> String {
    var parts: [String] = []
    if !saved.isEmpty { parts.append("Saved \(Words.list(saved)).") }
    if let action { parts.append(action) }
    return parts.isEmpty ? "Everything was already saved." : parts.joined(separator: " ")
  }

  static func submit(_ request: Request, services: Services) throws -> Response {
    let actor = try request.actor()
    let id = try request.intParameter("id")
    let form = try request.form()
    let workspace = ConversationWorkspace(
      services: services, actor: actor,
      detail: try services.conversations.detail(actor, conversation: id, via: .web), form: form)
    try workspace.saveTexts()
    // The button acts only once everything typed is safe, so a refusal never mixes with half a change.
    let action = workspace.problems.isEmpty ? try workspace.act(form["do"] ?? "save") : nil
    if workspace.problems.isEmpty {
      return Response.redirect(to: WebPage.conversation(id).path).withNotice(workspace.notice(action))
    }
    var request = request
    if !workspace.saved.isEmpty {
      request[Notice.self] = "Saved \(Words.list(workspace.saved)). The rest is not saved yet: see below."
    }
    return try ConversationPages.page(
      request, services: services, typed: form, problems: workspace.problems,
      status: workspace.conflict ? .conflict : .unprocessableContent)
  }
}
