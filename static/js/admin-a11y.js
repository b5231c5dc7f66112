// Names and roles that Django's admin widgets leave out, so every control of the admin has a
// name a screen reader reads (docs/decisions.md, "axe-playwright-python"). Every name comes
// from text already on the page (the field's label, the column's header, the inline's
// heading), so it is in the reader's language. The widgets draw themselves after the page
// loads, and select2 redraws on each choice, so the fixes run on load and on every change.
(function () {
  "use strict";

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim().replace(/:$/, "") : "";
  }

  function name(control, label) {
    if (label && !control.hasAttribute("aria-label") && !control.labels?.length) {
      control.setAttribute("aria-label", label);
    }
  }

  function fieldLabel(select) {
    return text(select.id && document.querySelector('label[for="' + select.id + '"]'));
  }

  // select2 (autocomplete_fields): the box, its text and its search field take the label of
  // the select they stand for; the "clear" cross is for the mouse (Backspace clears too).
  function select2(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) {
        return;
      }
      const label = fieldLabel(select);
      box.querySelectorAll('[role="combobox"], [role="textbox"], input').forEach(function (c) {
        name(c, label);
      });
      box.querySelectorAll(".select2-selection__clear").forEach(function (cross) {
        cross.setAttribute("aria-hidden", "true");
      });
    });
    const open = root.querySelector(".select2-container--open .select2-search__field");
    const owner = document.querySelector('.select2-selection[aria-expanded="true"]');
    if (open && owner) {
      name(open, owner.getAttribute("aria-label"));
    }
  }

  // The two-box selector's magnifier carries its hint as aria-label: an image with a name.
  function selectorHints(root) {
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (hint) {
      hint.setAttribute("role", "img");
    });
  }

  // Split date and time: "Last login" + "Date" / "Time", the words Django prints before each.
  function splitDateTimes(root) {
    root.querySelectorAll("p.datetime").forEach(function (row) {
      const label = text(row.parentElement.querySelector("label"));
      row.querySelectorAll("input").forEach(function (input) {
        let before = input.previousSibling;
        while (before && before.nodeType !== Node.TEXT_NODE) {
          before = before.previousSibling;
        }
        name(input, [label, text(before)].filter(Boolean).join(" · "));
      });
    });
  }

  // Tabular inlines: each cell's control is named by its column; the first column (the record
  // itself) is headed by the inline's heading; a header over nothing becomes a plain cell.
  function tabularInlines(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      table.querySelectorAll("thead th").forEach(function (th) {
        if (text(th)) {
          return;
        }
        if (th.classList.contains("original")) {
          const hidden = document.createElement("span");
          hidden.className = "visually-hidden";
          hidden.textContent = text(table.closest(".inline-group").querySelector("h2"));
          th.append(hidden);
        } else {
          const cell = document.createElement("td");
          th.replaceWith(cell);
        }
      });
      table.querySelectorAll("td[class*='field-']").forEach(function (cell) {
        const column = Array.from(cell.classList).find((c) => c.startsWith("field-"));
        const header = table.querySelector("thead th.column-" + column.slice(6));
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (c) {
          name(c, text(header));
        });
      });
      table.querySelectorAll("td.delete input[type=checkbox]").forEach(function (box) {
        name(box, text(table.querySelector("thead th:last-child")));
      });
    });
    // A narrow screen scrolls a wide inline sideways: the keyboard must reach it.
    root.querySelectorAll(".inline-group").forEach(function (group) {
      const reachable = group.querySelector(
        "a[href], input:not([type=hidden]), select, textarea, button"
      );
      if (!reachable && !group.hasAttribute("tabindex")) {
        group.setAttribute("tabindex", "0");
      }
    });
  }

  // Other apps' change lists: the search box is named by its button ("Search", in the
  // reader's language), and a filter choice for an empty value by the admin's "-".
  function changeLists(root) {
    const search = root.querySelector("#searchbar:not([aria-label])");
    const button = root.querySelector('#changelist-search input[type="submit"]');
    if (search && button) {
      search.setAttribute("aria-label", button.value);
    }
    root.querySelectorAll("#changelist-filter a").forEach(function (link) {
      if (!text(link)) {
        link.textContent = "-";
      }
    });
  }

  function fix() {
    changeLists(document);
    select2(document);
    selectorHints(document);
    splitDateTimes(document);
    tabularInlines(document);
  }

  window.addEventListener("load", function () {
    fix();
    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  });
})();
