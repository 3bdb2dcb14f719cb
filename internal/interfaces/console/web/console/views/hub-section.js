// One section of the hub page (routes, shippers, companies): a table of the things that
// belong to the hub, one `tr[data-<kind>-id]` each, and for those who may change them an
// add/edit form (the server's field errors beside the fields) and a delete behind the
// confirmation dialog. MASTER may switch the table to the deleted ones (a checkbox: the same
// search with isDeleted=true) and restore one, behind the same dialog; a refusal (a 409: the
// name or the pair is taken again, a hub is gone) stays on its row. Changes send If-Match with
// the row's version; a 412 reloads the table. The section owns the requests (the contract's
// CRUD under one path); a section module says only what differs.
import * as api from '../api.js';
import { t } from '../i18n.js';
import { el, field, showErrors, clearErrors, problemText, confirmDialog, debounce } from './hub-dom.js';

// section builds it from spec:
//   id ('hub-routes'), kind ('route': rows are tr[data-route-id], their id is row.routeId),
//   title, columns [[label, fn(row)]], nameOf(row) (default: its id),
//   path ('hub-routes'): GET path?hubId=&isDeleted= (100, sorted by sort when given) reads the
//   table, POST path adds, PUT and DELETE path/{id} change and delete, POST path/{id}/restore
//   restores, each with If-Match; fetched(rows, signal), when given, is awaited after a read
//   (to look up what the rows name),
//   editable (default: ctx.manages, MASTER or the hub's manager),
//   fields(row|null) → elements of the form (row null: adding), body(form, row|null) → the API body,
//   create(body) → a promise of the note to show, in place of the plain POST (default: none).
export function section(ctx, spec) {
  spec = { idOf: (r) => r[spec.kind + 'Id'], nameOf: (r) => spec.idOf(r), editable: ctx.manages, ...spec };
  const at = (r) => spec.path + '/' + spec.idOf(r);
  const version = (r) => ({ headers: api.ifMatch(r.version) });
  const create = spec.create || ((b) => api.post(spec.path, b).then(() => ''));
  const msg = el('p', { id: spec.id + '-msg', class: 'muted', 'aria-live': 'polite' });
  const tbody = el('tbody');
  const cols = spec.columns.length + (spec.editable ? 1 : 0);
  const table = el('table', { class: 'grid', id: spec.id + '-table' },
    el('caption', { class: 'visually-hidden', text: spec.title }),
    el('thead', {}, el('tr', {},
      spec.columns.map(([label]) => el('th', { scope: 'col', text: label })),
      spec.editable ? el('th', { scope: 'col', text: t('hub.sec.actions') }) : null)),
    tbody);
  const formTitle = el('h3', { id: spec.id + '-form-title' });
  const form = el('form', { id: spec.id + '-form', class: 'card', novalidate: true, hidden: true, 'aria-labelledby': formTitle.id });
  const add = spec.editable ? el('button', { id: spec.id + '-add', type: 'button', text: t('hub.sec.add') }) : null;
  // Deleted ones are MASTER's to see (the contract), so only MASTER gets the switch.
  const showDeleted = ctx.role === 'MASTER'
    ? el('input', { id: spec.id + '-deleted', type: 'checkbox' }) : null;
  const root = el('section', { id: spec.id, class: 'sub', 'aria-labelledby': spec.id + '-title' },
    el('div', { class: 'heading' }, el('h2', { id: spec.id + '-title', text: spec.title }), add,
      showDeleted ? el('div', { class: 'field check' }, showDeleted, el('label', { for: showDeleted.id, text: t('hub.sec.showDeleted') })) : null),
    msg, table, form);
  let editing = null;
  const deleted = () => !!showDeleted?.checked;

  // Each reload aborts the one before it (a save, a delete or the switch while one reads): the
  // newest answer draws.
  const reading = api.latest(ctx.signal);
  async function reload() {
    const wanted = deleted();
    const mine = reading();
    try {
      const { data } = await api.get(spec.path, { query: { hubId: ctx.hub.hubId, isDeleted: wanted || undefined, size: 100, sort: spec.sort, count: 'none' }, signal: mine });
      const rows = data.content;
      await spec.fetched?.(rows, mine);
      if (mine.aborted) return;
      table.dataset.deleted = String(wanted);
      tbody.replaceChildren(...(rows.length ? rows.map(row) : [el('tr', {}, el('td', { colspan: cols, class: 'muted', text: t('hub.sec.none') }))]));
      if (data.page.hasNext) msg.textContent = t('hub.sec.more', { n: rows.length });
    } catch (err) {
      if (err.name === 'AbortError') return;
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: cols, class: 'muted', text: problemText(err) })));
    }
  }

  function row(r) {
    const tr = el('tr', { ['data-' + spec.kind + '-id']: spec.idOf(r), class: r.isDeleted ? 'deleted' : null },
      spec.columns.map(([, fn], i) => {
        const v = fn(r);
        return el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, typeof v === 'string' ? document.createTextNode(v) : v);
      }));
    if (r.isDeleted) {
      const name = spec.nameOf(r);
      const err = el('span', { id: spec.id + '-error-' + spec.idOf(r), class: 'error', 'data-error-for': 'restore' });
      tr.append(el('td', { class: 'actions-cell' },
        el('button', { type: 'button', class: 'restore', text: t('hub.sec.restore'), 'aria-label': t('hub.sec.restoreOf', { name }), 'aria-describedby': err.id, onclick: () => restore(r, err) }),
        err));
    } else if (spec.editable) {
      const name = spec.nameOf(r);
      tr.append(el('td', { class: 'actions-cell' },
        el('button', { type: 'button', class: 'edit', text: t('hub.sec.edit'), 'aria-label': t('hub.sec.editOf', { name }), onclick: () => open(r) }),
        el('button', { type: 'button', class: 'remove', text: t('hub.sec.delete'), 'aria-label': t('hub.sec.deleteOf', { name }), onclick: () => remove(r) })));
    }
    return tr;
  }

  function open(r) {
    editing = r;
    formTitle.textContent = r ? t('hub.sec.editTitle', { name: spec.nameOf(r) }) : t('hub.sec.addTitle', { what: spec.title });
    form.replaceChildren(formTitle, ...spec.fields(r),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', class: 'primary', id: spec.id + '-save', text: r ? t('hub.sec.save') : t('hub.sec.create') }),
        el('button', { type: 'button', id: spec.id + '-cancel', text: t('hub.sec.cancel'), onclick: close })));
    form.hidden = false;
    form.querySelector('input:not([disabled]), select:not([disabled])')?.focus();
  }

  function close() {
    form.hidden = true;
    form.replaceChildren();
    editing = null;
    add?.focus();
  }

  async function restore(r, err) {
    const name = spec.nameOf(r);
    err.textContent = '';
    if (!await confirmDialog(ctx.host, t('hub.sec.restoreTitle'), t('hub.sec.restoreText', { name }), t('hub.sec.restore'))) return;
    try {
      await api.post(at(r) + '/restore', undefined, version(r));
      msg.textContent = t('hub.sec.restored', { name });
    } catch (e) {
      if (e.status !== 412) { // refused: said on its row, which stays
        err.textContent = problemText(e);
        msg.textContent = t('hub.sec.notRestored', { name, message: e.problem?.detail || e.message });
        return;
      }
      msg.textContent = t('hub.sec.conflict');
    }
    reload();
  }

  async function remove(r) {
    const name = spec.nameOf(r);
    if (!await confirmDialog(ctx.host, t('hub.sec.deleteTitle'), t('hub.sec.deleteText', { name }), t('hub.sec.delete'))) return;
    try {
      await api.del(at(r), version(r));
      msg.textContent = t('hub.sec.deleted', { name });
    } catch (err) {
      msg.textContent = problemText(err);
    }
    reload();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const r = editing;
    try {
      const b = spec.body(form, r);
      const note = r ? await api.put(at(r), b, version(r)).then(() => '') : await create(b);
      close();
      msg.textContent = note || t('hub.sec.saved');
      reload();
    } catch (err) {
      const rest = showErrors(form, err);
      msg.textContent = problemText(err) + (rest.length ? ' (' + rest.join('; ') + ')' : '');
      if (err.status === 412) { close(); msg.textContent = t('hub.sec.conflict'); reload(); }
    }
  });
  add?.addEventListener('click', () => open(null));
  showDeleted?.addEventListener('change', () => {
    form.hidden = true; // an open form goes, without moving the focus off the switch
    form.replaceChildren();
    editing = null;
    if (add) add.hidden = deleted(); // nothing is added to the deleted ones
    msg.textContent = '';
    reload();
  });

  reload();
  return root;
}

// num reads a number field: empty is left out (the server says it is required), text that
// is not a number is sent as typed (the server names the field).
export function num(s) {
  const v = s.trim();
  if (v === '') return undefined;
  return Number.isFinite(Number(v)) ? Number(v) : v;
}

// hubPicker is a hub chooser that works with any number of hubs: a text field narrows a
// <select> to the live hubs whose name starts with it (GET /hubs?hubName=, by name, 100 at
// most). exclude leaves one hub out; selected ({hubId, hubName}) is kept as an option and
// chosen. It answers the two fields and names (a Map the picker fills with what it read). A
// newer read (typed on) aborts the one before, signal (the page's) all of them.
export function hubPicker({ id, label, filterLabel, api: apiField, rule, exclude, selected, signal, names = new Map() }) {
  const pick = el('select', { id, name: apiField, 'aria-required': 'true' });
  const filter = el('input', { id: id + '-filter', type: 'text', autocomplete: 'off' });
  const request = api.latest(signal);
  const fill = async () => {
    const mine = request();
    try {
      const { data } = await api.get('hubs', { query: { hubName: filter.value, size: 100, sort: 'hubName,asc', count: 'none' }, signal: mine });
      if (mine.aborted) return;
      const hubs = data.content.filter((x) => x.hubId !== exclude);
      if (selected && !hubs.some((x) => x.hubId === selected.hubId)) hubs.unshift(selected);
      const was = pick.value || selected?.hubId;
      pick.replaceChildren(...hubs.map((x) => el('option', { value: x.hubId, text: x.hubName })));
      if (hubs.some((x) => x.hubId === was)) pick.value = was;
      for (const x of hubs) names.set(x.hubId, x.hubName);
    } catch { /* the save names the field if the list could not be read */ }
  };
  filter.addEventListener('input', debounce(fill, 300));
  fill();
  return [
    field({ id: id + '-filter', label: filterLabel || t('hub.sec.hubFilter'), api: apiField + 'Filter', rule: t('hub.routes.rule.filter'), control: filter }),
    field({ id, label, api: apiField, rule, control: pick }),
  ];
}
