// The hub page (#/hubs/{id}, and #/hubs/new for MASTER): the hub's form with the contract's
// rules next to the fields and the server's field errors where they belong; a save sends
// If-Match with the version the person loaded, and a 412 opens a dialog that lists what the
// other person changed (old → new) and lets this one reload or overwrite knowingly. MASTER
// deletes and restores it after a confirmation. Below: the hub's routes, shippers and
// companies, each with its own forms (views/hub-routes.js, hub-shippers.js, hub-companies.js).
import * as api from '../api.js';
import * as session from '../session.js';
import { t, language } from '../i18n.js';
import { go, status, switchingLanguage } from '../app.js';
import { el, field, showErrors, clearErrors, problemText, confirmDialog, when } from './hub-dom.js';
import { routesSection } from './hub-routes.js';
import { shippersSection } from './hub-shippers.js';
import { companiesSection } from './hub-companies.js';

// The form's fields: element id, API field path, and how to read it from a hub.
const fields = [
  { id: 'hub-name', api: 'hubName', get: (h) => h.hubName },
  { id: 'hub-manager', api: 'hubManagerId', get: (h) => h.hubManagerId ?? '' },
  { id: 'hub-zip', api: 'address.zipCode', get: (h) => h.address?.zipCode ?? '' },
  { id: 'hub-address1', api: 'address.address1', get: (h) => h.address?.address1 ?? '' },
  { id: 'hub-address2', api: 'address.address2', get: (h) => h.address?.address2 ?? '' },
  { id: 'hub-lat', api: 'location.latitude', get: (h) => (h.location ? String(h.location.latitude) : '') },
  { id: 'hub-lon', api: 'location.longitude', get: (h) => (h.location ? String(h.location.longitude) : '') },
];

// draft is what the person had typed when a language switch redrew the page.
let draft = null;

export function render(main, { id }) {
  const c = session.claims();
  const role = c?.role;
  const ctl = new AbortController();
  let loaded = null;

  const view = el('section', { id: 'view-hub', 'aria-labelledby': 'hub-title' },
    el('p', {}, el('a', { href: '#/hubs', id: 'hub-back', text: t('hub.back') })),
    el('h1', { id: 'hub-title', text: id ? t('common.loading') : t('hub.newTitle') }));
  main.append(view);

  if (!id && role !== 'MASTER') {
    view.append(el('p', { class: 'muted', text: t('hub.onlyMaster') }));
    return () => ctl.abort();
  }

  const form = el('form', { id: 'hub-form', novalidate: true, 'aria-labelledby': 'hub-title' },
    el('p', { class: 'meta' },
      el('span', {}, t('hub.version') + ' '), el('strong', { id: 'hub-version', text: id ? '…' : '—' }),
      el('span', { id: 'hub-state', class: 'muted' })),
    ...fields.map((f) => field({ id: f.id, label: t('hub.f.' + f.id), api: f.api, rule: t('hub.rule.' + f.id), attrs: attrsFor(f) })),
    el('p', { id: 'hub-readonly', class: 'muted', hidden: true }),
    el('div', { class: 'actions' },
      el('button', { id: 'hub-save', type: 'submit', class: 'primary', text: id ? t('hub.save') : t('hub.create') }),
      role === 'MASTER' && id ? el('button', { id: 'hub-delete', type: 'button', class: 'danger', text: t('hub.delete'), hidden: true }) : null,
      role === 'MASTER' && id ? el('button', { id: 'hub-restore', type: 'button', text: t('hub.restore'), hidden: true }) : null));
  view.append(form);

  const dialog = el('dialog', { id: 'conflict-dialog', 'aria-labelledby': 'conflict-title', 'aria-describedby': 'conflict-text' },
    el('h2', { id: 'conflict-title', text: t('hub.conflict.title') }),
    el('p', { id: 'conflict-text' }),
    el('ul', { id: 'conflict-list' }),
    el('div', { class: 'actions' },
      el('button', { id: 'conflict-reload', type: 'button', class: 'primary', text: t('hub.conflict.reload') }),
      el('button', { id: 'conflict-overwrite', type: 'button', class: 'danger', text: t('hub.conflict.overwrite') }),
      el('button', { id: 'conflict-cancel', type: 'button', text: t('hub.conflict.cancel') })));
  view.append(dialog);
  const sections = el('div', { id: 'hub-sections' });
  view.append(sections);

  function attrsFor(f) {
    const a = { autocomplete: 'off' };
    if (f.api === 'hubName' || f.api === 'address.address1') a['aria-required'] = 'true';
    if (f.api.startsWith('location.')) a.inputmode = 'decimal';
    if (f.api === 'hubManagerId') a.spellcheck = 'false';
    return a;
  }

  const input = (fid) => form.querySelector('#' + fid);

  function fill(h) {
    for (const f of fields) input(f.id).value = f.get(h);
    clearErrors(form);
  }

  // body is what the form says, as the API's hub body; a number that does not parse is sent
  // as typed so the server names the field, and one of the two coordinates alone is sent
  // alone so the server says the other is required.
  function body() {
    const v = (fid) => input(fid).value;
    const num = (s) => (s.trim() === '' ? undefined : Number.isFinite(Number(s)) ? Number(s) : s);
    const lat = v('hub-lat');
    const lon = v('hub-lon');
    return {
      hubName: v('hub-name'),
      hubManagerId: v('hub-manager').trim() || null,
      address: { zipCode: v('hub-zip'), address1: v('hub-address1'), address2: v('hub-address2') },
      location: lat.trim() === '' && lon.trim() === '' ? null : { latitude: num(lat), longitude: num(lon) },
    };
  }

  // show draws a loaded hub: its name, version and state, which controls the caller may use.
  function show(h) {
    loaded = h;
    fill(h);
    view.querySelector('#hub-title').textContent = h.hubName;
    document.title = `${h.hubName} · ${t('common.brand')}`;
    form.querySelector('#hub-version').textContent = String(h.version);
    form.querySelector('#hub-state').textContent = ' · ' + t('hub.updatedAt', { at: when(h.updatedAt, language()) }) +
      (h.isDeleted ? ' · ' + t('hub.isDeleted', { at: when(h.deletedAt, language()) }) : '');
    const manager = h.hubManagerId && h.hubManagerId === c.sub;
    const canEdit = !h.isDeleted && (role === 'MASTER' || (role === 'HUB_MANAGER' && manager));
    for (const f of fields) input(f.id).disabled = !canEdit || (f.api === 'hubManagerId' && role !== 'MASTER');
    form.querySelector('#hub-save').hidden = !canEdit;
    const ro = form.querySelector('#hub-readonly');
    ro.hidden = canEdit && role === 'MASTER';
    ro.textContent = h.isDeleted ? t('hub.readonlyDeleted') : canEdit ? t('hub.managerNote') : t('hub.readonly');
    const del = form.querySelector('#hub-delete');
    const res = form.querySelector('#hub-restore');
    if (del) del.hidden = h.isDeleted;
    if (res) res.hidden = !h.isDeleted;
    drawSections(h, role === 'MASTER' || (role === 'HUB_MANAGER' && manager));
  }

  // drawSections draws the hub's routes, shippers and companies, again only when what they show
  // of the hub changed: a save of the hub's address keeps them (and a form open in them) as they are.
  let drawn = '';
  function drawSections(h, manages) {
    const key = JSON.stringify([h.hubId, h.hubName, h.isDeleted, manages]);
    if (key === drawn) return;
    drawn = key;
    if (h.isDeleted) {
      sections.replaceChildren(el('p', { class: 'muted', text: t('hub.sectionsDeleted') }));
      return;
    }
    const ctx = { hub: h, role, sub: c.sub, manages, signal: ctl.signal, host: view };
    sections.replaceChildren(routesSection(ctx), shippersSection(ctx), companiesSection(ctx));
  }

  async function load() {
    try {
      const { data } = await api.get('hubs/' + id, { signal: ctl.signal });
      show(data);
      restoreDraft(data.version);
    } catch (err) {
      if (err.name === 'AbortError') return;
      view.querySelector('#hub-title').textContent = err.status === 404 ? t('hub.notFound') : t('hub.loadFailed');
      form.hidden = true;
      status(problemText(err));
    }
  }

  async function save(b, version) {
    clearErrors(form);
    const button = form.querySelector('#hub-save');
    button.disabled = true;
    try {
      if (!id) {
        const { data } = await api.post('hubs', b);
        go('#/hubs/' + data.hubId, t('hub.createdMsg', { name: data.hubName }));
        return;
      }
      const { data } = await api.put('hubs/' + id, b, { headers: api.ifMatch(version) });
      show(data);
      status(t('hub.savedMsg', { version: data.version }));
    } catch (err) {
      if (err.status === 412) { await conflict(b); return; }
      const rest = showErrors(form, err);
      status(problemText(err) + (rest.length ? ' (' + rest.join('; ') + ')' : ''));
    } finally {
      button.disabled = false;
    }
  }

  // conflict shows what changed on the server since the person loaded the hub.
  async function conflict(mine) {
    let current;
    try {
      current = (await api.get('hubs/' + id)).data;
    } catch (err) {
      status(problemText(err));
      return;
    }
    const list = dialog.querySelector('#conflict-list');
    const diffs = fields.filter((f) => f.get(loaded) !== f.get(current));
    list.replaceChildren(...diffs.map((f) => el('li', { 'data-field': f.api },
      el('strong', { text: t('hub.f.' + f.id) + ': ' }),
      el('span', { class: 'old', text: show0(f.get(loaded)) }), ' → ',
      el('span', { class: 'new', text: show0(f.get(current)) }))));
    if (!diffs.length) list.append(el('li', { text: t('hub.conflict.noFieldChanged') }));
    dialog.querySelector('#conflict-text').textContent = t('hub.conflict.text', { mine: loaded.version, theirs: current.version, who: current.updatedBy, at: when(current.updatedAt, language()) });
    const reload = dialog.querySelector('#conflict-reload');
    const overwrite = dialog.querySelector('#conflict-overwrite');
    const cancel = dialog.querySelector('#conflict-cancel');
    overwrite.disabled = current.isDeleted;
    const done = () => { reload.onclick = null; overwrite.onclick = null; cancel.onclick = null; };
    reload.onclick = () => { done(); dialog.close(); show(current); status(t('hub.conflict.reloaded', { version: current.version })); };
    overwrite.onclick = () => { done(); dialog.close(); save(mine, current.version); };
    cancel.onclick = () => { done(); dialog.close(); status(t('hub.conflict.kept')); };
    dialog.showModal();
    reload.focus();
  }

  const show0 = (s) => (s === '' ? t('hub.empty') : s);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save(body(), loaded?.version);
  });

  form.querySelector('#hub-delete')?.addEventListener('click', async () => {
    if (!await confirmDialog(view, t('hub.deleteTitle'), t('hub.deleteText', { name: loaded.hubName }), t('hub.delete'))) return;
    try {
      await api.del('hubs/' + id, { headers: api.ifMatch(loaded.version) });
      go(location.hash, t('hub.deletedMsg', { name: loaded.hubName }));
    } catch (err) {
      status(problemText(err));
      if (err.status === 412) load();
    }
  });

  form.querySelector('#hub-restore')?.addEventListener('click', async () => {
    if (!await confirmDialog(view, t('hub.restoreTitle'), t('hub.restoreText', { name: loaded.hubName }), t('hub.restore'))) return;
    try {
      await api.post('hubs/' + id + '/restore', undefined, { headers: api.ifMatch(loaded.version) });
      go(location.hash, t('hub.restoredMsg', { name: loaded.hubName }));
    } catch (err) {
      status(problemText(err));
      if (err.status === 412) load();
    }
  });

  function restoreDraft(version) {
    const d = draft;
    draft = null;
    if (!d || d.id !== id || d.version !== version) return;
    for (const f of fields) if (!input(f.id).disabled) input(f.id).value = d.values[f.id];
  }

  if (id) load();
  else {
    restoreDraft(undefined);
    input('hub-name').focus();
  }
  return () => {
    if (switchingLanguage() && (loaded || !id)) {
      draft = { id, version: loaded?.version, values: Object.fromEntries(fields.map((f) => [f.id, input(f.id).value])) };
    }
    ctl.abort();
    if (dialog.open) dialog.close();
    document.title = t('common.brand');
  };
}
