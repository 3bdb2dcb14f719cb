// The sign-in view: paste a bearer token, or (on a local hubd with its development secret,
// which offers POST /dev/token) pick a role and a user id and get one. Why the person is here
// (the server's "token expired", say) is shown at the top.
import * as api from '../api.js';
import * as session from '../session.js';
import { t } from '../i18n.js';
import { go, status, takeSignInReason } from '../app.js';
import { el, field, showErrors, clearErrors, problemText, roles } from './hub-dom.js';

export function render(main) {
  const ctl = new AbortController();
  const reason = takeSignInReason();
  const tokenForm = el('form', { id: 'signin-form', novalidate: true },
    field({
      id: 'signin-token', label: t('signin.token'), api: 'token', rule: t('signin.tokenRule'),
      control: el('textarea', { id: 'signin-token', name: 'token', rows: 4, spellcheck: 'false', autocomplete: 'off' }),
    }),
    el('button', { id: 'signin-submit', type: 'submit', class: 'primary', text: t('signin.submit') }));
  const view = el('section', { id: 'view-signin', class: 'signin', 'aria-labelledby': 'signin-title' },
    el('h1', { id: 'signin-title', text: t('signin.title') }),
    el('p', { id: 'signin-reason', class: reason ? 'reason' : '', role: reason ? 'alert' : null, text: reason ? t('signin.reason', { reason }) : '' }),
    el('p', { text: t('signin.intro') }),
    tokenForm);
  main.append(view);

  tokenForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(tokenForm);
    const tok = tokenForm.querySelector('#signin-token').value.trim().replace(/^Bearer\s+/i, '');
    const claims = readClaims(tok);
    if (!claims) {
      showErrors(tokenForm, { fieldErrors: () => ({ token: [t('signin.notJwt')] }) });
      return;
    }
    if (claims.exp && claims.exp * 1000 < Date.now()) {
      showErrors(tokenForm, { fieldErrors: () => ({ token: [t('signin.expired')] }) });
      return;
    }
    await enter(tok);
  });

  probeDev(view, ctl.signal);
  return () => ctl.abort();
}

function readClaims(tok) {
  const c = session.decode(tok);
  return c && c.role && c.sub ? c : null;
}

// enter keeps the token and asks the server once whether it takes it: a refused token comes
// back here with the server's reason (api.js routes a 401 to sign in).
async function enter(tok) {
  const c = session.signIn(tok);
  try {
    await api.get('hubs', { query: { size: 1, count: 'none' } });
  } catch (err) {
    if (err.status === 401) return;
  }
  go('#/hubs', t('signin.done', { role: c.role, sub: c.sub }));
}

// probeDev shows the development sign-in when the server offers POST /dev/token: HEAD answers
// 405 (POST only) there and 404 where it is off.
async function probeDev(view, signal) {
  let res;
  try {
    res = await fetch('/dev/token', { method: 'HEAD', signal });
  } catch {
    return;
  }
  if (res.status === 404 || signal.aborted) return;
  const sub = field({ id: 'dev-sub', label: t('signin.dev.sub'), api: 'sub', rule: t('signin.dev.subRule'), value: crypto.randomUUID(), attrs: { spellcheck: 'false', autocomplete: 'off' } });
  const role = field({
    id: 'dev-role', label: t('signin.dev.role'), api: 'role',
    control: el('select', { id: 'dev-role', name: 'role' }, roles.map((r) => el('option', { value: r, text: t('signin.role.' + r) }))),
  });
  const form = el('form', { novalidate: true },
    role, sub,
    el('div', { class: 'actions' },
      el('button', { id: 'dev-submit', type: 'submit', class: 'primary', text: t('signin.dev.submit') }),
      el('button', { id: 'dev-new-sub', type: 'button', text: t('signin.dev.newSub'), onclick: () => { view.querySelector('#dev-sub').value = crypto.randomUUID(); } })));
  view.append(el('section', { id: 'dev-signin', class: 'card', 'aria-labelledby': 'dev-title' },
    el('h2', { id: 'dev-title', text: t('signin.dev.title') }),
    el('p', { text: t('signin.dev.intro') }),
    form));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { role: form.querySelector('#dev-role').value };
    const s = form.querySelector('#dev-sub').value.trim();
    if (s) body.sub = s;
    try {
      const { data } = await api.post('/dev/token', body);
      await enter(data.token);
    } catch (err) {
      const rest = showErrors(form, err);
      status(rest.length ? problemText(err) + ' ' + rest.join('; ') : problemText(err));
    }
  });
}
