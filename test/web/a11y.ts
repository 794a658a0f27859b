/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from 'playwright-core';

/**
 * Our own accessibility checker (axe-core is MPL-2.0, so not a dependency). It covers what axe
 * rates serious or critical, in two parts:
 *
 * - Chromium's accessibility tree (CDP `Accessibility.getFullAXTree`): every interactive or
 *   focusable node has a non-empty accessible name, computed by the browser itself.
 * - A walk of the DOM in the page (`page.evaluate`): labels of form controls, text alternatives,
 *   `html[lang]`, one `main`, heading levels, duplicate ids, ARIA id references, valid roles,
 *   nothing focusable under `aria-hidden`, and text contrast per WCAG 2.1 AA from computed styles.
 *
 * Each finding names the rule, the element (a short selector and outerHTML snippet) and the page.
 */

export type A11yRule =
  | 'accessible-name'
  | 'label'
  | 'image-alt'
  | 'html-lang'
  | 'landmark-one-main'
  | 'heading-present'
  | 'heading-order'
  | 'duplicate-id'
  | 'aria-reference'
  | 'aria-role'
  | 'aria-hidden-focus'
  | 'color-contrast';

export interface A11yFinding {
  rule: A11yRule;
  page: string;
  /** A short CSS path and the start of the element's outerHTML. */
  element: string;
  detail: string;
}

export interface A11yOptions {
  /** The page's name in findings (e.g. "dashboard (ja)"). */
  page: string;
  /** The language `html[lang]` must have (the UI's language). */
  lang: string;
}

/** Roles that make a node something one operates; each needs a name. */
const INTERACTIVE_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'tab',
  'treeitem',
  'PopUpButton',
  'ToggleButton',
]);

/** Nodes Chromium calls focusable that are not controls of the page (the document itself). */
const NOT_CONTROLS = new Set(['RootWebArea', 'WebArea', 'Iframe', 'none', 'presentation']);

interface AXValue {
  type: string;
  value?: unknown;
}
interface AXNode {
  nodeId: string;
  ignored: boolean;
  role?: AXValue;
  name?: AXValue;
  properties?: { name: string; value: AXValue }[];
  backendDOMNodeId?: number;
}

/** Every rule on the page as it is now; an empty list means no serious violation found. */
export async function checkA11y(page: Page, options: A11yOptions): Promise<A11yFinding[]> {
  const names = await checkAccessibleNames(page, options.page);
  // esbuild (vitest's transform) may wrap functions in __name(); the page has no such helper.
  await page.evaluate('globalThis.__name = globalThis.__name || ((fn) => fn)');
  const dom = await page.evaluate(domChecks, { lang: options.lang });
  return [...names, ...dom.map((finding) => ({ ...finding, page: options.page }))];
}

/** A readable list of findings for a failing expectation. */
export function formatFindings(findings: A11yFinding[]): string {
  return findings.map((f) => `[${f.rule}] ${f.page}: ${f.detail}\n    ${f.element}`).join('\n');
}

async function checkAccessibleNames(page: Page, pageName: string): Promise<A11yFinding[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('Accessibility.enable');
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as unknown as { nodes: AXNode[] };
    const findings: A11yFinding[] = [];
    for (const node of nodes) {
      if (node.ignored || node.backendDOMNodeId === undefined) continue;
      const role = typeof node.role?.value === 'string' ? node.role.value : '';
      if (NOT_CONTROLS.has(role)) continue;
      const property = (name: string) => node.properties?.find((p) => p.name === name)?.value.value;
      const focusable = property('focusable') === true;
      if (!INTERACTIVE_ROLES.has(role) && !focusable) continue;
      if (property('hidden') === true) continue;
      const name = typeof node.name?.value === 'string' ? node.name.value.trim() : '';
      if (name !== '') continue;
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId });
      if (!object.objectId) continue;
      const described = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: `function () {
          const el = this.nodeType === 1 ? this : this.parentElement;
          if (!el) return null;
          const path = [];
          for (let e = el; e && e.nodeType === 1 && path.length < 4; e = e.parentElement) {
            path.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).slice(0, 2).join('.') : ''));
          }
          return path.join(' > ') + '  ' + el.outerHTML.replace(/\\s+/g, ' ').slice(0, 160);
        }`,
        returnByValue: true,
      });
      const element = described.result.value as string | null;
      if (element === null) continue;
      findings.push({ rule: 'accessible-name', page: pageName, element, detail: `a ${role || 'focusable element'} without an accessible name` });
    }
    return findings;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Runs in the page: must be self-contained (no imports, no outer variables). */
function domChecks({ lang }: { lang: string }): Omit<A11yFinding, 'page'>[] {
  const findings: Omit<A11yFinding, 'page'>[] = [];
  const describe = (el: Element): string => {
    const path: string[] = [];
    for (let e: Element | null = el; e && path.length < 4; e = e.parentElement) {
      const classes = typeof e.className === 'string' && e.className.trim() !== '' ? `.${e.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
      path.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${classes}`);
    }
    return `${path.join(' > ')}  ${el.outerHTML.replace(/\s+/g, ' ').slice(0, 160)}`;
  };
  const add = (rule: A11yRule, el: Element, detail: string) => findings.push({ rule, element: describe(el), detail });
  const all = Array.from(document.querySelectorAll('*'));
  const ariaHidden = (el: Element): boolean => el.closest('[aria-hidden="true"]') !== null;
  const rendered = (el: Element): boolean => {
    if (!(el instanceof HTMLElement || el instanceof SVGElement)) return false;
    if (el instanceof HTMLElement && el.hidden) return false;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
    return el.getClientRects().length > 0 || style.display === 'contents';
  };
  const text = (el: Element | null): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

  // html-lang: set, and the UI's language.
  const htmlLang = document.documentElement.getAttribute('lang') ?? '';
  if (htmlLang.trim() === '') add('html-lang', document.documentElement, 'html has no lang attribute');
  else if (htmlLang.toLowerCase().split('-')[0] !== lang.toLowerCase()) add('html-lang', document.documentElement, `html lang="${htmlLang}" but the UI speaks "${lang}"`);

  // landmark-one-main: exactly one main landmark that is shown.
  const mains = Array.from(document.querySelectorAll('main, [role="main"]')).filter((el) => rendered(el) && !ariaHidden(el));
  if (mains.length !== 1) add('landmark-one-main', mains[1] ?? document.body, `${mains.length} main landmarks (one expected)`);

  // heading-present / heading-order: an h1 first, then never more than one level deeper.
  const headings = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')).filter((el) => rendered(el) && !ariaHidden(el));
  if (headings.length === 0) add('heading-present', document.body, 'the page has no heading');
  let previous = 0;
  for (const heading of headings) {
    const level = heading.getAttribute('role') === 'heading' ? Number(heading.getAttribute('aria-level') ?? '2') : Number(heading.tagName.slice(1));
    if (text(heading) === '') add('heading-present', heading, 'an empty heading');
    if (previous === 0 && level !== 1) add('heading-order', heading, `the first heading is h${level}, not h1`);
    else if (previous > 0 && level > previous + 1) add('heading-order', heading, `h${level} after h${previous} skips a level`);
    previous = level;
  }

  // duplicate-id.
  const seen = new Map<string, number>();
  for (const el of all) if (el.id) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
  for (const [id, count] of seen) {
    if (count > 1) add('duplicate-id', document.getElementById(id) ?? document.body, `id "${id}" is used ${count} times`);
  }

  // aria-reference: every id reference points at an element of the page.
  const REFERENCES = ['aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'aria-activedescendant', 'aria-errormessage', 'aria-details', 'aria-flowto'];
  for (const el of all) {
    for (const attribute of REFERENCES) {
      const value = el.getAttribute(attribute);
      if (value === null) continue;
      for (const id of value.split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) add('aria-reference', el, `${attribute} points at "${id}", which does not exist`);
      }
    }
    if (el instanceof HTMLLabelElement && el.htmlFor && !document.getElementById(el.htmlFor)) add('aria-reference', el, `label for="${el.htmlFor}" points at nothing`);
  }

  // aria-role: every role token is a WAI-ARIA 1.2 role (abstract roles are not allowed).
  const ROLES = new Set(
    (
      'alert alertdialog application article banner blockquote button caption cell checkbox code columnheader combobox complementary contentinfo ' +
      'definition deletion dialog directory document emphasis feed figure form generic grid gridcell group heading img insertion link list listbox ' +
      'listitem log main marquee math menu menubar menuitem menuitemcheckbox menuitemradio meter navigation none note option paragraph presentation ' +
      'progressbar radio radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton status strong subscript ' +
      'superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem doc-abstract doc-note graphics-document graphics-object graphics-symbol'
    ).split(' '),
  );
  for (const el of document.querySelectorAll('[role]')) {
    const tokens = (el.getAttribute('role') ?? '').trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) add('aria-role', el, 'an empty role attribute');
    for (const token of tokens) if (!ROLES.has(token.toLowerCase())) add('aria-role', el, `role="${token}" is not a WAI-ARIA role`);
  }

  // Focusable: natively or by tabindex ≥ 0, not disabled.
  const focusable = (el: Element): boolean => {
    if (!(el instanceof HTMLElement || el instanceof SVGElement)) return false;
    const tabindex = el.getAttribute('tabindex');
    if (tabindex !== null && Number(tabindex) < 0) return false;
    if ((el as HTMLInputElement).disabled === true) return false;
    if (el instanceof HTMLInputElement && el.type === 'hidden') return false;
    if (tabindex !== null) return true;
    if (el instanceof HTMLAnchorElement || el instanceof HTMLAreaElement) return el.hasAttribute('href');
    if (el instanceof HTMLElement && el.isContentEditable) return true;
    return el.matches('button, input, select, textarea, summary, iframe, audio[controls], video[controls]');
  };

  // aria-hidden-focus: nothing that keyboard focus reaches is hidden from assistive technology.
  for (const el of document.querySelectorAll('[aria-hidden="true"], [aria-hidden="true"] *')) {
    if (focusable(el) && rendered(el)) add('aria-hidden-focus', el, 'focusable but inside aria-hidden="true"');
  }

  // label: every form control has a label (a placeholder is not one).
  const labelOf = (el: HTMLElement): string => {
    const aria = el.getAttribute('aria-label')?.trim();
    if (aria) return aria;
    const labelledby = el.getAttribute('aria-labelledby');
    if (labelledby) {
      const joined = labelledby
        .split(/\s+/)
        .map((id) => text(document.getElementById(id)))
        .join(' ')
        .trim();
      if (joined) return joined;
    }
    const labels = (el as HTMLInputElement).labels;
    if (labels) for (const label of labels) if (text(label) !== '' || label.querySelector('img[alt]:not([alt=""])')) return text(label) || 'image';
    return el.getAttribute('title')?.trim() ?? '';
  };
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (!(el instanceof HTMLElement) || ariaHidden(el)) continue;
    if (el instanceof HTMLInputElement && ['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none') continue;
    if (labelOf(el) === '') add('label', el, `a ${el.tagName.toLowerCase()}${el instanceof HTMLInputElement ? ` type=${el.type}` : ''} without a label`);
  }

  // image-alt: images have alt (empty = decorative); role=img needs a name; meaningful SVGs too.
  for (const el of document.querySelectorAll('img')) {
    if (ariaHidden(el) || ['none', 'presentation'].includes(el.getAttribute('role') ?? '')) continue;
    if (!el.hasAttribute('alt') && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')) add('image-alt', el, 'an img without alt (use alt="" if it is decorative)');
  }
  for (const el of document.querySelectorAll('[role="img"]')) {
    if (ariaHidden(el)) continue;
    if (labelOf(el as HTMLElement) === '' && !(el instanceof SVGElement && text(el.querySelector('title')) !== '')) add('image-alt', el, 'role="img" without a name');
  }
  for (const el of document.querySelectorAll('svg')) {
    if (ariaHidden(el) || el.hasAttribute('role') || !rendered(el)) continue;
    if (el.parentElement?.closest('svg')) continue;
    // Inside a control with a name of its own, an icon adds nothing and is not announced alone.
    const control = el.closest('button, a[href], [role="button"], [role="link"], label');
    if (control && (text(control) !== '' || control.getAttribute('aria-label'))) continue;
    if (text(el.querySelector('title')) === '' && !el.getAttribute('aria-label')) add('image-alt', el, 'an svg that is neither aria-hidden nor role="img" with a name');
  }

  // color-contrast: WCAG 2.1 AA, 4.5:1 (3:1 for large text), against the first opaque background.
  type RGBA = [number, number, number, number];
  const parse = (value: string): RGBA | null => {
    const match = /rgba?\(([^)]+)\)/.exec(value);
    if (!match?.[1]) return null;
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  };
  const over = (top: RGBA, bottom: RGBA): RGBA => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const luminance = ([r, g, b]: RGBA): number => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  /** The background behind an element: layers blended up to the first opaque one; null if an image decides it. */
  const backgroundOf = (el: Element): RGBA | null => {
    const layers: RGBA[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage !== 'none') return null;
      const color = parse(style.backgroundColor);
      const opacity = Number(style.opacity);
      if (color && color[3] > 0) {
        layers.push([color[0], color[1], color[2], color[3] * opacity]);
        if (color[3] * opacity >= 1) break;
      }
    }
    let result: RGBA = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const textElements = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if ((node.textContent ?? '').trim() !== '' && node.parentElement) textElements.add(node.parentElement);
  }
  for (const el of textElements) {
    if (!(el instanceof HTMLElement) || el.closest('script, style, noscript, template, option')) continue;
    if (!rendered(el)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1 || rect.right <= 0 || rect.bottom <= 0) continue; // off screen / visually hidden
    if (el.closest('[disabled], [aria-disabled="true"], [data-disabled="true"], fieldset:disabled')) continue; // WCAG 1.4.3 exempts inactive controls
    let effectiveOpacity = 1;
    for (let e: Element | null = el; e; e = e.parentElement) effectiveOpacity *= Number(getComputedStyle(e).opacity);
    if (effectiveOpacity === 0) continue;
    const style = getComputedStyle(el);
    const foreground = parse(style.color);
    const background = backgroundOf(el);
    if (!foreground || !background) continue;
    const shown = over([foreground[0], foreground[1], foreground[2], foreground[3] * effectiveOpacity], background);
    const [l1, l2] = [luminance(shown), luminance(background)].sort((a, b) => b - a) as [number, number];
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const needed = large ? 3 : 4.5;
    if (ratio < needed - 0.005) {
      add('color-contrast', el, `contrast ${ratio.toFixed(2)}:1, needs ${needed}:1 (${style.color} on rgb(${background.slice(0, 3).map(Math.round).join(', ')}), ${size}px${bold ? ' bold' : ''})`);
    }
  }
  return findings;
}
