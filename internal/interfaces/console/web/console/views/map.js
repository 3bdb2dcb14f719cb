// The map view (a stub of the shell: to be built).
import { t } from '../i18n.js';

export function render(main) {
  const h = document.createElement('h1');
  h.textContent = t('nav.map');
  main.append(h);
}
