// The console's shell: a router over the URL's fragment (#/signin, #/hubs, #/hubs/{id},
// #/map), the header (who is signed in, the language, sign out) and the views. Each view is a
// module whose render(main, params) draws it into <main> and may return a cleanup function,
// run when the person leaves the view (it closes streams, cancels requests).
import * as api from './api.js';
import * as session from './session.js';
import * as i18n from './i18n.js';
import * as signin from './views/signin.js';
import * as hubs from './views/hubs.js';
import * as hub from './views/hub.js';
import * as map from './views/map.js';

const routes = [
  { pattern: /^#\/signin$/, view: signin, open: true },
  { pattern: /^#\/hubs$/, view: hubs },
  { pattern: /^#\/hubs\/new$/, view: hub, params: () => ({ id: null }) },
  { pattern: /^#\/hubs\/([0-9a-f-]{36})$/, view: hub, params: (m) => ({ id: m[1] }) },
  { pattern: /^#\/map$/, view: map },
];

let cleanup = null;
let signInReason = '';
let pendingStatus = '';

// go navigates to a fragment (and re-renders when it is the current one); message, when
// given, is shown in #status once the next view is drawn.
export function go(hash, message = '') {
  pendingStatus = message;
  if (location.hash === hash) render();
  else location.hash = hash;
}

// status shows a short message to everyone, screen readers included.
export function status(message) {
  document.getElementById('status').textContent = message;
}

// takeSignInReason is what sign-in shows: why the person was sent back to it. It lasts until
// another view is drawn (several refused requests may each send the person back).
export function takeSignInReason() {
  return signInReason;
}

function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  const hash = location.hash || '#/hubs';
  const route = routes.find((r) => r.pattern.test(hash));
  if (!route) { go('#/hubs'); return; }
  if (!route.open && !session.claims()) { go('#/signin'); return; }
  if (route.view !== signin) signInReason = '';
  header();
  const main = document.getElementById('main');
  main.replaceChildren();
  status(pendingStatus);
  pendingStatus = '';
  const params = route.params ? route.params(hash.match(route.pattern)) : {};
  document.title = i18n.t('common.brand');
  cleanup = route.view.render(main, params) || null;
  // A keyboard user whose focus went with the old view starts again at the new one.
  if (!document.activeElement || document.activeElement === document.body) main.focus({ preventScroll: true });
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.getAttribute('href') === hash.replace(/\/[0-9a-f-]{36}$|\/new$/, '')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function header() {
  const c = session.claims();
  document.getElementById('nav').hidden = !c;
  document.getElementById('signout').hidden = !c;
  document.getElementById('whoami').textContent = c ? `${c.role} · ${c.sub}` : '';
}

api.whenUnauthenticated((reason) => {
  signInReason = reason;
  go('#/signin');
});

document.getElementById('signout').addEventListener('click', () => {
  session.signOut();
  go('#/signin');
});

const langSelect = document.getElementById('lang');
langSelect.value = i18n.language();
langSelect.addEventListener('change', () => i18n.setLanguage(langSelect.value));
document.documentElement.lang = i18n.language();
i18n.apply(document);
let switching = false;
// switchingLanguage is true while a language switch redraws the view: a view's cleanup may
// keep what the person typed to put it back in the redrawn form.
export function switchingLanguage() { return switching; }
i18n.onLanguage(() => {
  switching = true;
  try { header(); render(); } finally { switching = false; }
});

window.addEventListener('hashchange', render);
render();
