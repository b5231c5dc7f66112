/* Printable reports: reveal the "Print" buttons (hidden without JavaScript, where the page
   tells people to use the browser's own Print) and wire them to window.print(). */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
