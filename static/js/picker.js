/* Search-as-you-type pickers for sections and member organisations.
 *
 * Each <select data-picker-url="..."> keeps working on its own without JavaScript. This script
 * hides it behind an ARIA combobox: a text input whose typing asks the JSON endpoint
 * (?q=..., answering {"results": [{"id", "label"}]}) and lists at most 20 matches. Arrow keys
 * move through the list, Enter picks, Escape closes. The picked id is written into the
 * select, so the form submits exactly what it would without the script.
 *
 * Its words come from the app's JavaScript catalogue (Django's JavaScriptCatalog view, loaded
 * before this script): gettext, ngettext and interpolate, in the page's language.
 */
(function () {
  "use strict";

  var DELAY_MS = 200;
  var counter = 0;

  function enhance(select) {
    counter += 1;
    var listId = "picker-list-" + counter;
    var statusId = "picker-status-" + counter;
    var inputId = select.id || "picker-input-" + counter;

    var wrapper = document.createElement("div");
    wrapper.className = "picker";
    select.parentNode.insertBefore(wrapper, select);

    var input = document.createElement("input");
    input.type = "text";
    input.id = inputId;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    ["aria-describedby", "aria-invalid", "required"].forEach(function (name) {
      if (select.hasAttribute(name)) {
        input.setAttribute(name, select.getAttribute(name));
      }
    });
    input.placeholder = gettext("Type a name or a country");
    var chosen = select.options[select.selectedIndex];
    var committed = chosen && chosen.value ? { id: chosen.value, label: chosen.textContent } : null;
    if (committed) {
      input.value = committed.label;
    }

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "picker-results";
    list.setAttribute("role", "listbox");
    list.hidden = true;

    var status = document.createElement("span");
    status.id = statusId;
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");

    // The label now names the text input; the select stays in the form, out of sight.
    select.id = inputId + "-select";
    select.hidden = true;
    select.tabIndex = -1;
    select.removeAttribute("required");
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    wrapper.appendChild(select);

    var results = [];
    var active = -1;
    var timer = null;
    var lastQuery = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = list.querySelectorAll("li[data-id]");
      if (!items.length) {
        return;
      }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function render() {
      list.textContent = "";
      active = -1;
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "picker-empty";
        none.setAttribute("aria-disabled", "true");
        none.textContent = gettext("No match");
        list.appendChild(none);
      }
      results.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.id = result.id;
        item.textContent = result.label;
        // mousedown, not click: it comes before the input's blur closes the list.
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(result);
        });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = interpolate(
        ngettext("%(count)s match", "%(count)s matches", results.length),
        { count: results.length },
        true
      );
    }

    function choose(result) {
      var value = String(result.id);
      var option = Array.prototype.find.call(select.options, function (o) {
        return o.value === value;
      });
      if (!option) {
        option = new Option(result.label, value);
        select.appendChild(option);
      }
      select.value = value;
      committed = { id: value, label: result.label };
      input.value = result.label;
      lastQuery = result.label;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      close();
    }

    function search() {
      var query = input.value.trim();
      lastQuery = input.value;
      var url = new URL(select.dataset.pickerUrl, window.location.href);
      url.searchParams.set("q", query);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value !== lastQuery) {
            return; // the user typed on; a newer answer is coming
          }
          results = data.results || [];
          if (document.activeElement === input) {
            render();
          }
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) {
          search();
        } else {
          highlight(active + (event.key === "ArrowDown" ? 1 : -1));
        }
      } else if (event.key === "Enter") {
        if (!list.hidden) {
          event.preventDefault();
          if (active >= 0 && results[active]) {
            choose(results[active]);
          } else if (results.length === 1) {
            choose(results[0]);
          }
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      }
    });

    input.addEventListener("blur", function () {
      close();
      // An emptied field clears the choice; half-typed text never replaces it: the field
      // shows again what the form will send.
      if (!input.value.trim()) {
        select.value = "";
        committed = null;
      } else {
        input.value = committed ? committed.label : "";
      }
    });
  }

  function init() {
    document.querySelectorAll("select[data-picker-url]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
