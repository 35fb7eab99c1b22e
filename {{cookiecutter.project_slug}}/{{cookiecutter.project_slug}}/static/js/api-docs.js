// Starts Swagger UI on an API module's /docs page. The page says where the
// schema is (data-spec-url) and, for a signed-in browser, the CSRF token that
// requests made from the page send with their unsafe methods (data-csrf-token).
// A file of its own, not an inline script: the page works under a strict
// Content-Security-Policy.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var csrfToken = root.dataset.csrfToken;
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    requestInterceptor: function (request) {
      if (csrfToken && !/^(GET|HEAD|OPTIONS)$/i.test(request.method)) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
})();
