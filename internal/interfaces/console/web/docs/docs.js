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
    // No deep links: Swagger UI wraps each one in the operation's toggle button (a link inside a
    // button, which keyboards and screen readers cannot use; axe's nested-interactive).
    deepLinking: false,
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

  // Swagger UI's server picker sits in a label with no words (axe: select-name): name it.
  const root = document.getElementById('swagger-ui');
  new MutationObserver(() => {
    const servers = document.getElementById('servers');
    if (servers && !servers.hasAttribute('aria-label')) servers.setAttribute('aria-label', 'Servers');
  }).observe(root, { childList: true, subtree: true });
});
