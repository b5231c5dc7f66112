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
