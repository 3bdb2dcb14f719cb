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
    // Its highlighter colours tokens below AA contrast on the dark code blocks: plain text reads.
    syntaxHighlight: false,
    persistAuthorization: false, // a token stays in this tab's memory, never in local storage
    onComplete: () => {
      const token = sessionStorage.getItem('hubd.token');
      if (token) ui.preauthorizeApiKey('bearerAuth', token);
    },
  });
  window.ui = ui;

  // Swagger UI draws as the person opens things; each time, name what it leaves unnamed.
  new MutationObserver(() => accessible(document.body)).observe(document.body, { childList: true, subtree: true });
});

// accessible fills the gaps that axe finds in Swagger UI's markup: controls with no label (the
// server picker, the parameters' inputs: named by the parameter), the dialog's close button
// with no text, buttons whose name leaves out the word they show (the Authorize dialog's
// "Authorize" is "Apply credentials" to a screen reader, which a person speaking the visible
// word cannot press: axe's label-content-name-mismatch), and scrolled code blocks a keyboard
// could not reach.
function accessible(root) {
  for (const c of root.querySelectorAll('select:not([aria-label]), input:not([aria-label]), textarea:not([aria-label])')) {
    if ([...(c.labels || [])].some((l) => l.textContent.replace(c.textContent, '').trim())) continue;
    const row = c.closest('[data-param-name]');
    const name = c.id === 'servers' ? 'Servers'
      : row ? `${row.dataset.paramName} (${row.dataset.paramIn || 'parameter'})`
        : c.getAttribute('placeholder') || c.getAttribute('title');
    if (name) c.setAttribute('aria-label', name);
  }
  for (const b of root.querySelectorAll('button.close-modal:not([aria-label])')) b.setAttribute('aria-label', 'Close');
  for (const b of root.querySelectorAll('.swagger-ui button[aria-label]')) {
    const text = b.textContent.trim();
    const label = b.getAttribute('aria-label');
    if (text && !label.toLowerCase().includes(text.toLowerCase())) b.setAttribute('aria-label', `${text} (${label})`);
  }
  for (const pre of root.querySelectorAll('.swagger-ui pre:not([tabindex])')) pre.setAttribute('tabindex', '0');
}
