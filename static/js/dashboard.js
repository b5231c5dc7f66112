/* Dashboard enhancement: tapping or focusing a country on the map shows its names and
   counts under the map (touch screens never show SVG <title> tooltips). Without JavaScript
   the same numbers are in the table below the map. */
(function () {
  "use strict";
  var map = document.querySelector(".world-map");
  var detail = document.getElementById("map-detail");
  if (!map || !detail) { return; }

  function show(path) {
    var title = path.querySelector("title");
    if (!title) { return; }
    detail.textContent = title.textContent;
    detail.hidden = false;
    var current = map.querySelector(".country.is-selected");
    if (current) { current.classList.remove("is-selected"); }
    path.classList.add("is-selected");
  }

  map.addEventListener("click", function (event) {
    var path = event.target.closest(".country");
    if (path) { show(path); }
  });
  map.addEventListener("focusin", function (event) {
    var path = event.target.closest(".country");
    if (path) { show(path); }
  });
})();

/* The matrix scrolls inside its box: shade the edge that has more beyond it and say which way
   to scroll (#matrix-hint, whose three wordings the page translates). Without JavaScript the
   hint shows whenever the grid is large enough to overflow a laptop. */
(function () {
  "use strict";
  var wrap = document.querySelector(".matrix-wrap");
  var hint = document.getElementById("matrix-hint");
  if (!wrap || !hint) { return; }
  var frame = wrap.parentElement;

  function update() {
    var rows = wrap.scrollHeight > wrap.clientHeight + 1;
    var columns = wrap.scrollWidth > wrap.clientWidth + 1;
    frame.classList.toggle("more-right", wrap.scrollLeft + wrap.clientWidth < wrap.scrollWidth - 1);
    frame.classList.toggle("more-below", wrap.scrollTop + wrap.clientHeight < wrap.scrollHeight - 1);
    hint.textContent = rows && columns ? hint.dataset.both : rows ? hint.dataset.rows : hint.dataset.columns;
    hint.hidden = !(rows || columns);
  }

  wrap.addEventListener("scroll", update, { passive: true });
  window.addEventListener("resize", update);
  update();
})();
