// The hub's routes: every live route from or to the hub (GET /hub-routes?hubId=), with the
// other end's name; MASTER adds one (either direction, optionally the way back with the same
// figures), changes its distance and duration, or deletes it.
import * as api from '../api.js';
import { t, number } from '../i18n.js';
import { el, field } from './hub-dom.js';
import { section, num, hubPicker } from './hub-section.js';

export function routesSection(ctx) {
  const h = ctx.hub;
  const names = new Map([[h.hubId, h.hubName]]);
  const name = (hid) => names.get(hid) || hid;
  return section(ctx, {
    id: 'hub-routes', kind: 'route', title: t('hub.routes.title'),
    editable: ctx.role === 'MASTER',
    nameOf: (r) => `${name(r.departureHubId)} → ${name(r.arrivalHubId)}`,
    columns: [
      [t('hub.routes.col.way'), (r) => `${name(r.departureHubId)} → ${name(r.arrivalHubId)}`],
      [t('hub.routes.col.km'), (r) => number(r.distanceKm, 3) + ' km'],
      [t('hub.routes.col.min'), (r) => t('hub.routes.minutes', { n: number(r.durationMinutes, 0) })],
      [t('hub.col.version'), (r) => String(r.version)],
    ],
    path: 'hub-routes', sort: 'distanceKm,asc',
    async fetched(rows, signal) { // the other ends' names
      const others = [...new Set(rows.flatMap((r) => [r.departureHubId, r.arrivalHubId]))].filter((x) => !names.has(x));
      if (!others.length) return;
      const { data } = await api.post('hubs/batch-get', { hubIds: others }, { signal });
      for (const x of data.content) names.set(x.hubId, x.hubName);
    },
    fields(r) {
      const figures = [
        field({ id: 'route-distance', label: t('hub.routes.f.km'), api: 'distanceKm', rule: t('hub.routes.rule.km'), value: r ? String(r.distanceKm) : '', attrs: { inputmode: 'decimal', 'aria-required': 'true' } }),
        field({ id: 'route-duration', label: t('hub.routes.f.min'), api: 'durationMinutes', rule: t('hub.routes.rule.min'), value: r ? String(r.durationMinutes) : '', attrs: { inputmode: 'numeric', 'aria-required': 'true' } }),
      ];
      if (r) return figures;
      const dir = el('select', { id: 'route-direction', name: 'direction' },
        el('option', { value: 'out', text: t('hub.routes.out', { name: h.hubName }) }),
        el('option', { value: 'in', text: t('hub.routes.in', { name: h.hubName }) }));
      const [filterField, otherField] = hubPicker({ id: 'route-other', label: t('hub.routes.f.other'), filterLabel: t('hub.routes.f.filter'), api: 'arrivalHubId', rule: t('hub.routes.rule.other'), exclude: h.hubId, signal: ctx.signal, names });
      dir.addEventListener('change', () => {
        otherField.querySelector('[data-error-for]').dataset.errorFor = dir.value === 'out' ? 'arrivalHubId' : 'departureHubId';
      });
      return [
        field({ id: 'route-direction', label: t('hub.routes.f.direction'), api: 'direction', control: dir }),
        filterField,
        otherField,
        ...figures,
        el('div', { class: 'field check' },
          el('input', { id: 'route-both', type: 'checkbox', checked: true }),
          el('label', { for: 'route-both', text: t('hub.routes.f.both') })),
      ];
    },
    body(form, r) {
      const b = { distanceKm: num(form.querySelector('#route-distance').value), durationMinutes: num(form.querySelector('#route-duration').value) };
      if (r) return b;
      const out = form.querySelector('#route-direction').value === 'out';
      const other = form.querySelector('#route-other').value || undefined;
      return { departureHubId: out ? h.hubId : other, arrivalHubId: out ? other : h.hubId, ...b, both: form.querySelector('#route-both').checked };
    },
    async create({ both, ...b }) {
      await api.post('hub-routes', b);
      if (!both) return '';
      try {
        await api.post('hub-routes', { ...b, departureHubId: b.arrivalHubId, arrivalHubId: b.departureHubId });
        return t('hub.routes.createdBoth');
      } catch (err) {
        return t('hub.routes.backFailed', { message: err.problem?.detail || err.message });
      }
    },
  });
}
