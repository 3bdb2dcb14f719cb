// The console's words: one dictionary per language (i18n/ko.js, i18n/en.js), Korean first.
// t(key, vars) looks a key up in the chosen language, then in Korean; a missing key shows as
// itself, so a forgotten label is visible rather than blank. Elements carrying data-i18n (and
// data-i18n-<attribute>) are filled by apply().
import ko from './i18n/ko.js';
import en from './i18n/en.js';

const dictionaries = { ko, en };
const storageKey = 'hubd.lang';
let lang = localStorage.getItem(storageKey) in dictionaries ? localStorage.getItem(storageKey) : 'ko';
const listeners = [];

export function language() { return lang; }

export function setLanguage(next) {
  if (!(next in dictionaries)) return;
  lang = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = next;
  apply(document);
  for (const fn of listeners) fn(next);
}

// onLanguage registers fn to run after every switch (views re-render their dynamic text).
export function onLanguage(fn) { listeners.push(fn); }

export function t(key, vars = {}) {
  const s = dictionaries[lang][key] ?? ko[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

// apply fills every data-i18n element under root, and data-i18n-aria-label,
// data-i18n-placeholder and data-i18n-title attributes.
export function apply(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const attr of ['aria-label', 'placeholder', 'title']) {
    const data = 'data-i18n-' + attr;
    for (const el of root.querySelectorAll('[' + data + ']')) el.setAttribute(attr, t(el.getAttribute(data)));
  }
}

// number formats a figure for the chosen language.
export function number(n, digits = 1) {
  return new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US', { maximumFractionDigits: digits }).format(n);
}
