// The hub's shippers (GET /shippers?hubId=): MASTER and the hub's manager register one (its
// user id and type), change its type, or delete it.
import { t, language } from '../i18n.js';
import { el, field, when } from './hub-dom.js';
import { section, hubPicker } from './hub-section.js';

const types = ['SHIPPER_HUB', 'SHIPPER_CUSTOMER'];

export function shippersSection(ctx) {
  const h = ctx.hub;
  return section(ctx, {
    id: 'hub-shippers', kind: 'shipper', title: t('hub.shippers.title'),
    columns: [
      [t('hub.shippers.col.id'), (s) => el('span', { class: 'mono', text: s.shipperId })],
      [t('hub.shippers.col.type'), (s) => t('hub.shippers.type.' + s.shipperType)],
      [t('hub.col.version'), (s) => String(s.version)],
      [t('hub.shippers.col.created'), (s) => when(s.createdAt, language())],
    ],
    path: 'shippers',
    fields(s) {
      const type = el('select', { id: 'shipper-type', name: 'shipperType' }, types.map((x) => el('option', { value: x, text: t('hub.shippers.type.' + x) })));
      if (s) type.value = s.shipperType;
      return [
        field({ id: 'shipper-id', label: t('hub.shippers.f.id'), api: 'shipperId', rule: t('hub.shippers.rule.id'), value: s ? s.shipperId : '', attrs: { spellcheck: 'false', autocomplete: 'off', disabled: !!s, 'aria-required': 'true' } }),
        field({ id: 'shipper-type', label: t('hub.shippers.f.type'), api: 'shipperType', rule: t('hub.shippers.rule.type'), control: type }),
        ...(s ? hubPicker({ id: 'shipper-hub', label: t('hub.sec.hub'), api: 'hubId', rule: t('hub.sec.hubRule'), selected: h, signal: ctx.signal }) : []),
      ];
    },
    body(form, s) {
      const b = { hubId: form.querySelector('#shipper-hub')?.value || h.hubId, shipperType: form.querySelector('#shipper-type').value };
      if (!s) b.shipperId = form.querySelector('#shipper-id').value.trim();
      return b;
    },
  });
}
