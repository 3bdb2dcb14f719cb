// The hub's companies (GET /companies?hubId=): MASTER and the hub's manager add one, change
// its name, manager and address, or delete it.
import { t } from '../i18n.js';
import { el, field } from './hub-dom.js';
import { section, hubPicker } from './hub-section.js';

export function companiesSection(ctx) {
  const h = ctx.hub;
  return section(ctx, {
    id: 'hub-companies', kind: 'company', title: t('hub.companies.title'),
    nameOf: (co) => co.companyName,
    columns: [
      [t('hub.companies.col.name'), (co) => co.companyName],
      [t('hub.companies.col.manager'), (co) => el('span', { class: 'mono', text: co.companyManagerId || '—' })],
      [t('hub.companies.col.address'), (co) => [co.address.zipCode, co.address.address1, co.address.address2].filter(Boolean).join(' ')],
      [t('hub.col.version'), (co) => String(co.version)],
    ],
    path: 'companies', sort: 'companyName,asc',
    fields(co) {
      const f = (id, api, value, attrs = {}) => field({ id, label: t('hub.companies.f.' + id), api, rule: t('hub.companies.rule.' + id), value, attrs: { autocomplete: 'off', ...attrs } });
      return [
        f('company-name', 'companyName', co?.companyName ?? '', { 'aria-required': 'true' }),
        f('company-manager', 'companyManagerId', co?.companyManagerId ?? '', { spellcheck: 'false' }),
        f('company-zip', 'address.zipCode', co?.address.zipCode ?? ''),
        f('company-address1', 'address.address1', co?.address.address1 ?? '', { 'aria-required': 'true' }),
        f('company-address2', 'address.address2', co?.address.address2 ?? ''),
        ...(co ? hubPicker({ id: 'company-hub', label: t('hub.sec.hub'), api: 'hubId', rule: t('hub.sec.hubRule'), selected: h, signal: ctx.signal }) : []),
      ];
    },
    body(form) {
      const v = (id) => form.querySelector('#' + id).value;
      return {
        companyName: v('company-name'), hubId: form.querySelector('#company-hub')?.value || h.hubId, companyManagerId: v('company-manager').trim() || null,
        address: { zipCode: v('company-zip'), address1: v('company-address1'), address2: v('company-address2') },
      };
    },
  });
}
