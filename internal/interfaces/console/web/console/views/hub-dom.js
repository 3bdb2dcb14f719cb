// Small DOM helpers shared by the sign-in, hub list, hub page and map views: building elements
// without innerHTML (so no markup is ever parsed from data), labelled form fields with their
// rule and an error slot named by the API's field path, the server's field errors put where
// they belong, and a confirmation dialog.
import { t } from '../i18n.js';

// el creates an element: attrs are attributes (true: present, false/null: absent), except
// text (textContent), value and checked (properties) and on<event> (listeners).
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'value' || k === 'checked') e[k] = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  e.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return e;
}

// field is a labelled control with its rule next to it and an error slot
// [data-error-for=<api field path>], both linked by aria-describedby. control, when given,
// replaces the default <input>; api, when absent, leaves the slot unnamed (nothing the server
// says lands there). className is the wrapper's (the map's narrow panel stacks its fields).
export function field({ id, label, api, rule, value = '', attrs = {}, control, className = 'field' }) {
  const ruleId = id + '-rule';
  const errId = id + '-error';
  const input = control || el('input', { id, name: api, type: 'text', ...attrs });
  if (!control) input.value = value ?? '';
  input.setAttribute('aria-describedby', (rule ? ruleId + ' ' : '') + errId);
  return el('div', { class: className },
    el('label', { for: id, text: label }),
    input,
    rule ? el('small', { id: ruleId, class: 'rule', text: rule }) : null,
    el('span', { id: errId, class: 'error', 'data-error-for': api }));
}

// clearErrors empties every error slot under root and drops aria-invalid.
export function clearErrors(root) {
  for (const s of root.querySelectorAll('[data-error-for]')) s.textContent = '';
  for (const c of root.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

// showErrors puts an ApiError's field errors in their slots under root and marks the
// controls invalid (focusing the first); it answers the messages that found no slot.
export function showErrors(root, err) {
  clearErrors(root);
  const rest = [];
  let first = null;
  for (const [f, msgs] of Object.entries(err.fieldErrors ? err.fieldErrors() : {})) {
    const slot = root.querySelector(`[data-error-for="${CSS.escape(f)}"]`);
    if (!slot) { rest.push(`${f}: ${msgs.join(', ')}`); continue; }
    slot.textContent = msgs.join(', ');
    const control = root.querySelector(`[aria-describedby~="${CSS.escape(slot.id)}"]`);
    if (control) { control.setAttribute('aria-invalid', 'true'); first ||= control; }
  }
  if (first) first.focus();
  return rest;
}

// problemText says what went wrong in the person's language, with the server's detail.
export function problemText(err) {
  if (!err || err.status === undefined) return t('common.error', { message: String(err?.message || err) });
  if (err.status === 0) return t('common.unavailable');
  if (err.status === 403) return t('hubs.forbidden', { message: err.problem.detail || err.message });
  return t('common.error', { message: err.problem.detail || err.message });
}

// confirmDialog asks a yes/no question in <dialog id="confirm-dialog"> (one per page,
// made on first use inside host) and answers true for #confirm-ok.
export function confirmDialog(host, title, text, okLabel) {
  let d = document.getElementById('confirm-dialog');
  if (!d) {
    d = el('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      el('h2', { id: 'confirm-title' }),
      el('p', { id: 'confirm-text' }),
      el('div', { class: 'actions' },
        el('button', { id: 'confirm-ok', type: 'button', class: 'danger' }),
        el('button', { id: 'confirm-cancel', type: 'button' })));
    host.append(d);
  }
  d.querySelector('#confirm-title').textContent = title;
  d.querySelector('#confirm-text').textContent = text;
  d.querySelector('#confirm-ok').textContent = okLabel || t('hub.confirm.ok');
  d.querySelector('#confirm-cancel').textContent = t('hub.confirm.cancel');
  return new Promise((resolve) => {
    let answer = false;
    const ok = () => { answer = true; d.close(); };
    const cancel = () => d.close();
    d.querySelector('#confirm-ok').addEventListener('click', ok, { once: true });
    d.querySelector('#confirm-cancel').addEventListener('click', cancel, { once: true });
    d.addEventListener('close', () => {
      d.querySelector('#confirm-ok').removeEventListener('click', ok);
      d.querySelector('#confirm-cancel').removeEventListener('click', cancel);
      resolve(answer);
    }, { once: true });
    d.showModal();
    d.querySelector('#confirm-cancel').focus();
  });
}

// when formats an RFC 3339 time for the chosen language.
export function when(iso, lang) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-US' : 'ko-KR', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

// debounce runs fn once calls have stopped for ms.
export function debounce(fn, ms) {
  let timer = null;
  const d = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  d.cancel = () => clearTimeout(timer);
  return d;
}

// The six roles of the contract.
export const roles = ['MASTER', 'HUB_MANAGER', 'COMPANY', 'SHIPPER', 'CUSTOMER', 'SERVER'];
