// Starts Swagger UI on an API module's /docs page. The page says where the
// schema is (data-spec-url) and, for a signed-in browser, the CSRF token that
// requests made from the page send with their unsafe methods (data-csrf-token).
// A file of its own, not an inline script: the page works under a strict
// Content-Security-Policy.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var csrfToken = root.dataset.csrfToken;

  // Swagger UI titles the API with an <h1> and each tag with an <h3>: a heading
  // between them keeps the outline whole for screen readers (static/css/api-docs.css
  // hides it from view).
  function OperationsHeading() {
    return {
      wrapComponents: {
        operations: function (Operations, system) {
          return function (props) {
            var h = system.React.createElement;
            return h(
              "section",
              { "aria-labelledby": "operations-heading" },
              h("h2", { id: "operations-heading", className: "visually-hidden" }, "Operations"),
              h(Operations, props)
            );
          };
        },
      },
    };
  }

  window.ui = window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    plugins: [OperationsHeading],
    requestInterceptor: function (request) {
      if (csrfToken && !/^(GET|HEAD|OPTIONS)$/i.test(request.method)) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
})();
