/* The contact form's "People involved" choices follow the section and member picked.
 *
 * Without this script the form offers the people of the section and member it was opened or
 * submitted with (choose both, save, and the page offers theirs). With it, as soon as the
 * section or member select changes (the pickers of picker.js write into them and fire
 * "change"), the choices are fetched from the form's data-people-url
 * (?section=<id>&member=<id>, answering {"results": [{"id", "label"}]}) and the checkboxes are
 * rebuilt, keeping the people already ticked who are still offered.
 *
 * Its words come from the app's JavaScript catalogue (loaded before this script).
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-people-url]");
  var choices = document.getElementById("id_people_choices");
  if (!form || !choices) {
    return;
  }
  var section = form.elements.namedItem("section");
  var member = form.elements.namedItem("member");
  var latest = 0;

  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  choices.appendChild(status);

  function ticked() {
    var ids = {};
    choices.querySelectorAll('input[name="people"]:checked').forEach(function (box) {
      ids[box.value] = true;
    });
    return ids;
  }

  function render(results) {
    var keep = ticked();
    choices.querySelectorAll("label, p").forEach(function (node) {
      node.remove();
    });
    results.forEach(function (person, index) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = "people";
      box.value = String(person.id);
      box.id = "id_people_" + index;
      box.checked = Boolean(keep[box.value]);
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + person.label));
      choices.insertBefore(label, status);
    });
    if (!results.length) {
      var empty = document.createElement("p");
      empty.className = "muted";
      empty.textContent = gettext("Nobody to choose yet.");
      choices.insertBefore(empty, status);
    }
    status.textContent = interpolate(
      ngettext("%s person to choose from.", "%s people to choose from.", results.length),
      [results.length]
    );
  }

  function refresh() {
    var query = new URLSearchParams();
    if (section && section.value) {
      query.set("section", section.value);
    }
    if (member && member.value) {
      query.set("member", member.value);
    }
    latest += 1;
    var request = latest;
    fetch(form.dataset.peopleUrl + "?" + query.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        // An answer overtaken by a later change, or a refusal, changes nothing.
        if (data && request === latest) {
          render(data.results);
        }
      })
      .catch(function () {});
  }

  [section, member].forEach(function (select) {
    if (select) {
      select.addEventListener("change", refresh);
    }
  });
})();
