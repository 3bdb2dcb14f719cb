// The hub list: the search of GET /api/v1/hubs (name prefix, contains, manager, "my hubs",
// deleted for MASTER, sort, size), paged by cursor (a stack of the cursors walked, for
// "previous"), with the total ("about" when the server estimates it). It stays current:
// MASTER and SERVER follow the event stream and redraw the page on every hub event; the other
// roles (who may not read the feed) ask again every 15 s.
import * as api from '../api.js';
import * as session from '../session.js';
import { t, number, language } from '../i18n.js';
import { status } from '../app.js';
import { el, field, showErrors, clearErrors, problemText, debounce, when } from './hub-dom.js';
import { follow, mayFollow } from './live.js';

const pollMs = 15000;

// The filters survive leaving the list (to a hub and back) and a language switch.
const state = { name: '', q: '', manager: '', deleted: false, mine: false, sort: 'createdAt,desc', size: '20' };

const sorts = ['createdAt,desc', 'createdAt,asc', 'hubName,asc', 'hubName,desc', 'updatedAt,desc'];
const sizes = ['10', '20', '50', '100'];

export function render(main) {
  const role = session.claims()?.role;
  const ctl = new AbortController();
  let cursors = [null];
  let at = 0;
  const request = api.latest(ctl.signal); // a newer load aborts the one before
  let poller = null;
  let failed = false; // the status line shows this view's error, to clear on the next success

  const form = el('form', { id: 'hub-search-form', class: 'search', role: 'search', novalidate: true, 'aria-label': t('hubs.search') },
    field({ id: 'hub-search-name', label: t('hubs.f.name'), api: 'hubName', rule: t('hubs.f.nameRule'), value: state.name, attrs: { autocomplete: 'off' } }),
    field({ id: 'hub-search-q', label: t('hubs.f.q'), api: 'q', rule: t('hubs.f.qRule'), value: state.q, attrs: { autocomplete: 'off' } }),
    field({ id: 'hub-search-manager', label: t('hubs.f.manager'), api: 'hubManagerId', rule: t('hubs.f.managerRule'), value: state.manager, attrs: { autocomplete: 'off', spellcheck: 'false', disabled: state.mine && role === 'HUB_MANAGER' } }),
    role === 'HUB_MANAGER' ? checkbox('hub-mine', t('hubs.f.mine'), state.mine) : null,
    role === 'MASTER' ? checkbox('hub-search-deleted', t('hubs.f.deleted'), state.deleted, 'isDeleted') : null,
    field({ id: 'hub-sort', label: t('hubs.f.sort'), api: 'sort', control: select('hub-sort', 'sort', sorts.map((s) => [s, t('hubs.sort.' + s)]), state.sort) }),
    field({ id: 'hub-size', label: t('hubs.f.size'), api: 'size', control: select('hub-size', 'size', sizes.map((s) => [s, t('hubs.sizeN', { n: s })]), state.size) }),
    el('div', { class: 'actions' },
      el('button', { id: 'hub-search-submit', type: 'submit', class: 'primary', text: t('hubs.searchSubmit') }),
      el('button', { id: 'hub-search-reset', type: 'button', text: t('hubs.searchReset') })));

  const tbody = el('tbody');
  const table = el('table', { id: 'hub-table', class: 'grid' },
    el('caption', { text: t('hubs.caption') }),
    el('thead', {}, el('tr', {}, ['name', 'address', 'zip', 'manager', 'location', 'version', 'updated'].map((c) => el('th', { scope: 'col', text: t('hubs.col.' + c) })))),
    tbody);
  const total = el('p', { id: 'hub-total', class: 'total', 'aria-live': 'polite' });
  const prev = el('button', { id: 'hub-prev', type: 'button', text: t('hubs.prev'), disabled: true });
  const next = el('button', { id: 'hub-next', type: 'button', text: t('hubs.next'), disabled: true });
  const info = el('span', { id: 'hub-page-info' });
  const view = el('section', { id: 'view-hubs', 'aria-labelledby': 'hubs-title', 'data-live': 'poll' },
    el('div', { class: 'heading' },
      el('h1', { id: 'hubs-title', text: t('hubs.title') }),
      role === 'MASTER' ? el('a', { id: 'hub-new', href: '#/hubs/new', class: 'button', text: t('hubs.new') }) : null),
    form, total, table,
    el('nav', { class: 'pager actions', 'aria-label': t('hubs.paging') }, prev, info, next),
    el('p', { id: 'hub-live', class: 'muted' }));
  main.append(view);

  function checkbox(id, label, checked, api) {
    return el('div', { class: 'field check' },
      el('input', { id, type: 'checkbox', checked, name: api || id, 'aria-describedby': id + '-error' }),
      el('label', { for: id, text: label }),
      el('span', { id: id + '-error', class: 'error', 'data-error-for': api || id }));
  }

  function select(id, name, options, value) {
    const s = el('select', { id, name }, options.map(([v, label]) => el('option', { value: v, text: label })));
    s.value = value;
    return s;
  }

  function readForm() {
    state.name = form.querySelector('#hub-search-name').value;
    state.q = form.querySelector('#hub-search-q').value;
    state.manager = form.querySelector('#hub-search-manager').value.trim();
    state.mine = !!form.querySelector('#hub-mine')?.checked;
    state.deleted = !!form.querySelector('#hub-search-deleted')?.checked;
    state.sort = form.querySelector('#hub-sort').value;
    state.size = form.querySelector('#hub-size').value;
    form.querySelector('#hub-search-manager').disabled = state.mine;
  }

  function query() {
    return {
      hubName: state.name, q: state.q,
      hubManagerId: state.mine ? 'me' : state.manager,
      isDeleted: state.deleted ? 'true' : undefined,
      sort: state.sort, size: state.size, count: 'estimated',
      cursor: cursors[at] || undefined,
    };
  }

  // load draws the page at the current cursor; quiet keeps the status line (live refreshes).
  async function load({ quiet = false } = {}) {
    const mine = request();
    if (!quiet) view.setAttribute('aria-busy', 'true');
    try {
      const { data } = await api.get('hubs', { query: query(), signal: mine });
      if (mine.aborted) return;
      clearErrors(form);
      draw(data);
      if (failed) { status(''); failed = false; }
    } catch (err) {
      if (err.name === 'AbortError' || mine.aborted) return;
      showErrors(form, err);
      status(problemText(err));
      failed = true;
      if (err.status === 403) {
        tbody.replaceChildren(emptyRow(problemText(err)));
        total.textContent = '';
        if (poller) { clearInterval(poller); poller = null; } // asking again will not help
      }
    } finally {
      if (!mine.aborted) view.removeAttribute('aria-busy');
    }
  }

  function draw(data) {
    const focused = document.activeElement?.closest?.('tr[data-hub-id]')?.dataset.hubId;
    tbody.replaceChildren(...(data.content.length ? data.content.map(row) : [emptyRow(t('hubs.none'))]));
    if (focused) tbody.querySelector(`tr[data-hub-id="${focused}"] a`)?.focus();
    const p = data.page;
    cursors[at + 1] = p.nextCursor || null;
    cursors.length = at + 2;
    const n = p.totalElements;
    if (n !== undefined) {
      total.textContent = t(p.totalIsEstimate ? 'hubs.totalAbout' : 'hubs.total', { n: number(n, 0) });
      total.dataset.total = String(n);
      total.dataset.estimated = p.totalIsEstimate ? 'true' : 'false';
    }
    const pages = Math.max(p.totalPages ?? (at + 1), 1);
    info.textContent = t('hubs.pageInfo', { n: number(at + 1, 0), of: number(Math.max(pages, at + 1), 0) });
    prev.disabled = at === 0;
    next.disabled = !p.hasNext || !p.nextCursor;
  }

  function row(h) {
    const loc = h.location ? `${h.location.latitude.toFixed(4)}, ${h.location.longitude.toFixed(4)}` : '—';
    return el('tr', { 'data-hub-id': h.hubId, class: h.isDeleted ? 'deleted' : null },
      el('td', {}, el('a', { href: '#/hubs/' + h.hubId, text: h.hubName }), h.isDeleted ? el('span', { class: 'tag', text: t('hubs.deletedTag') }) : null),
      el('td', { text: [h.address.address1, h.address.address2].filter(Boolean).join(' ') }),
      el('td', { text: h.address.zipCode || '—' }),
      el('td', { class: 'mono', text: h.hubManagerId || '—' }),
      el('td', { class: 'num', text: loc }),
      el('td', { class: 'num', text: String(h.version) }),
      el('td', { text: when(h.updatedAt, language()) }));
  }

  function emptyRow(text) {
    return el('tr', {}, el('td', { colspan: 7, class: 'muted', text }));
  }

  function restart() {
    readForm();
    cursors = [null];
    at = 0;
    // The old cursors are gone: paging waits for this search's first page (an enabled "next"
    // that did nothing until then was a click lost).
    prev.disabled = true;
    next.disabled = true;
    load();
  }
  const typed = debounce(restart, 400);
  const refresh = debounce(() => load({ quiet: true }), 250);

  form.addEventListener('submit', (e) => { e.preventDefault(); typed.cancel(); restart(); });
  form.addEventListener('input', (e) => { if (e.target.type === 'text') typed(); });
  form.addEventListener('change', (e) => { if (e.target.type !== 'text') { typed.cancel(); restart(); } });
  form.querySelector('#hub-search-reset').addEventListener('click', () => {
    for (const i of form.querySelectorAll('input[type=text]')) i.value = '';
    for (const i of form.querySelectorAll('input[type=checkbox]')) i.checked = false;
    form.querySelector('#hub-sort').value = sorts[0];
    form.querySelector('#hub-size').value = '20';
    restart();
  });
  next.addEventListener('click', () => { if (cursors[at + 1]) { at++; load(); } });
  prev.addEventListener('click', () => { if (at > 0) { at--; load(); } });

  // Live: the stream for the roles that may read the feed, else (or when the stream is
  // refused, e.g. a server without after=now) a poll. data-live says "stream" once the server
  // has accepted it: from then on no change is missed.
  const live = view.querySelector('#hub-live');
  function poll() {
    if (poller || ctl.signal.aborted) return;
    view.dataset.live = 'poll';
    live.textContent = t('hubs.livePoll', { s: pollMs / 1000 });
    poller = setInterval(() => load({ quiet: true }), pollMs);
  }
  if (mayFollow(role)) {
    live.textContent = t('hubs.liveStream');
    follow(view, { aggregateType: 'hub' }, (ev) => {
      if (ev.aggregateType === 'hub') refresh();
    }, { signal: ctl.signal, reread: refresh, onError: () => poll() });
  } else {
    poll();
  }

  load();
  return () => {
    ctl.abort(); // and with it the load in flight and the stream
    typed.cancel();
    refresh.cancel();
    if (poller) clearInterval(poller);
  };
}
