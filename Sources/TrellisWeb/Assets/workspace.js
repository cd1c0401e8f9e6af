// The conversation workspace saves each part as it is typed, through the JSON API. Without this
// script the page's one Save keeps everything; with it, nothing typed waits for a button.
(function () {
  "use strict";
  const form = document.getElementById("workspace");
  if (!form || !window.fetch) return;
  const api = form.dataset.api;
  const csrf = form.querySelector("input[name=_csrf]").value;
  const delay = 800;

  function fields(group) {
    return Array.from(form.querySelectorAll('[data-autosave="' + group + '"]'));
  }
  function field(name) {
    return form.elements.namedItem(name);
  }

  // Each part: where it is saved and what is sent.
  const parts = {
    reflection: {
      method: "PUT", path: "/reflection",
      body: function () {
        const answers = {};
        fields("reflection").forEach(function (element) {
          if (element.dataset.prompt) answers[element.dataset.prompt] = element.value;
        });
        return { answers: answers, share: field("shareReflection").checked };
      },
    },
    notes: {
      method: "PUT", path: "/notes",
      body: function () {
        return { body: field("notes").value, baseRevision: Number(field("notesBaseRevision").value) };
      },
      saved: function (answer) { field("notesBaseRevision").value = String(answer.revision); },
    },
    privateNote: {
      method: "PUT", path: "/private-note",
      body: function () { return { body: field("privateNote").value }; },
    },
    // A draft for its author alone: sharing it asks the other side to confirm, so a button does that.
    summary: {
      method: "PUT", path: "/summary-draft",
      body: function () { return { body: field("summary").value }; },
    },
  };
  ["notes", "privateNote", "summary"].forEach(function (name) {
    if (field(name)) field(name).setAttribute("data-autosave", name);
  });

  function show(group, text, kind, retry) {
    const state = form.querySelector('[data-save-state="' + group + '"]');
    if (!state) return;
    state.className = "save-state" + (kind ? " " + kind : "");
    state.textContent = text;
    if (retry) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link-button small";
      button.textContent = "Retry";
      button.addEventListener("click", function () { save(group); });
      state.appendChild(button);
    }
  }

  const timers = {};
  const pending = {};
  const running = {};
  const stopped = {};

  function schedule(group) {
    if (stopped[group]) return;
    pending[group] = true;
    show(group, "Not saved yet…", "");
    clearTimeout(timers[group]);
    timers[group] = setTimeout(function () { save(group); }, delay);
  }

  function save(group) {
    if (stopped[group]) return;
    if (running[group]) { pending[group] = true; return; }
    const part = parts[group];
    pending[group] = false;
    running[group] = true;
    show(group, "Saving…", "");
    fetch(api + part.path, {
      method: part.method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: JSON.stringify(part.body()),
    }).then(function (response) {
      running[group] = false;
      if (response.ok) {
        const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        show(group, "Saved at " + time, "saved");
        const text = response.status === 204 ? Promise.resolve(null) : response.json();
        return text.then(function (answer) {
          if (part.saved && answer) part.saved(answer);
          if (pending[group]) save(group);
        });
      }
      return response.json().catch(function () { return {}; }).then(function (problem) {
        if (response.status === 409) {
          // Someone else saved meanwhile: keep this text and say so; never overwrite theirs.
          stopped[group] = true;
          show(group, "Not saved: " + (problem.detail || "this changed meanwhile.") +
            " Reload in another tab to see theirs, merge, then press Save.", "conflict");
        } else {
          const message = (problem.errors && problem.errors[0] && problem.errors[0].message) || problem.detail;
          show(group, "Not saved" + (message ? ": " + message : "") + " —", "failed", true);
        }
      });
    }).catch(function () {
      running[group] = false;
      show(group, "Not saved (no connection) —", "failed", true);
    });
  }

  Object.keys(parts).forEach(function (group) {
    fields(group).forEach(function (element) {
      element.addEventListener(element.type === "checkbox" ? "change" : "input", function () {
        if (element.type === "checkbox") { pending[group] = true; save(group); } else { schedule(group); }
      });
    });
  });

  // Text that only a button saves (agenda, a new action item, a comment) or that is still waiting.
  let submitting = false;
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    const waiting = Object.keys(parts).some(function (group) {
      return pending[group] || running[group] || stopped[group];
    });
    const unsent = ["agendaText", "actionTitle", "summaryComment"].some(function (name) {
      return field(name) && field(name).value.trim() !== "";
    });
    if (!submitting && (waiting || unsent)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
