// Suggests people from the directory while a person's name is typed into a field marked
// data-people-picker ("many": names separated by commas). Without it the server resolves names.
(function () {
  "use strict";
  const fields = document.querySelectorAll("input[data-people-picker]");
  if (!fields.length || !window.fetch) return;

  fields.forEach(function (input) {
    const list = document.getElementById(input.getAttribute("list"));
    const many = input.dataset.peoplePicker === "many";
    let timer = null;
    let asked = "";

    function parts() {
      const all = input.value.split(",");
      return { before: all.slice(0, -1).map(function (part) { return part.trim(); }), term: all[all.length - 1].trim() };
    }

    function suggest() {
      const term = many ? parts().term : input.value.trim();
      if (term.length < 2 || term === asked || term.indexOf("@") > 0 && term.indexOf(".") > 0) return;
      asked = term;
      fetch("/api/v1/people?limit=8&q=" + encodeURIComponent(term), {
        credentials: "same-origin", headers: { "Accept": "application/json" },
      }).then(function (response) {
        return response.ok ? response.json() : { items: [] };
      }).then(function (page) {
        list.textContent = "";
        const prefix = many && parts().before.length ? parts().before.join(", ") + ", " : "";
        page.items.forEach(function (person) {
          const option = document.createElement("option");
          option.value = prefix + person.email;
          const name = person.preferredName || (person.givenName + " " + person.familyName);
          option.label = [name, person.jobTitle, person.team].filter(Boolean).join(" · ");
          list.appendChild(option);
        });
      }).catch(function () { list.textContent = ""; });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 200);
    });
  });
})();
