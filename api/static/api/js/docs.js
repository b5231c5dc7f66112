// Draws the API's schema with Swagger UI. "Try it out" uses the signed-in session, so writes
// carry the page's CSRF token, as the pages' own forms do.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: node.getAttribute("data-schema-url"),
    domNode: node,
    deepLinking: true,
    requestInterceptor: function (request) {
      request.headers["X-CSRFToken"] = node.getAttribute("data-csrf-token");
      return request;
    },
  });
})();
