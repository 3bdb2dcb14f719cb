// The API reference: Swagger UI (vendored, see third_party/) rendering /openapi.json. A file,
// not an inline script, because the page's policy runs none. "Authorize" takes a bearer token
// (the document's bearerAuth scheme); a tab that signed in to the console starts authorised
// with the console's token (the same tab's session storage), so "Try it out" works at once.
/* global SwaggerUIBundle */
'use strict';

window.addEventListener('DOMContentLoaded', () => {
  const ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null, // the default asks validator.swagger.io: no outside network here
    tryItOutEnabled: false,
    displayRequestDuration: true,
    persistAuthorization: false, // a token stays in this tab's memory, never in local storage
    onComplete: () => {
      const token = sessionStorage.getItem('hubd.token');
      if (token) ui.preauthorizeApiKey('bearerAuth', token);
    },
  });
  window.ui = ui;
});
