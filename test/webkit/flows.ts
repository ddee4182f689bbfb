import { DEMO_PASSWORD } from '../e2e/harness.ts';
import { testIdNumber } from '../e2e/flows.ts';
import type { ElementRef, Session } from './webdriver.ts';

/**
 * What a worker does in the app, in WebKit, through the same Chinese labels as the Chromium flows
 * (test/e2e/flows.ts). Fields are found by their `<label>` text (src/ui/forms/fields.tsx: the label holds exactly
 * the field's name), so a renamed label breaks both engines' tests alike. Each flow ends when the screen it leads
 * to has rendered.
 */

/** The control of the `<label>` whose text is exactly `label`, once it is on screen. */
function fieldByLabel(s: Session, label: string) {
  return s.waitFor<ElementRef>(
    `the field 「${label}」`,
    `for (const l of document.querySelectorAll('label'))
       if (l.textContent.trim() === arguments[0] && l.control) return l.control;
     return null;`,
    undefined,
    label,
  );
}

async function fill(s: Session, label: string, text: string): Promise<void> {
  await s.type(await fieldByLabel(s, label), text);
}

async function submit(s: Session): Promise<void> {
  await s.click(await s.waitForElement('the submit button', 'main form button[type=submit]'));
}

/** Waits until the page's URL matches `pattern`; returns the match. */
async function waitForUrl(s: Session, what: string, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const url = await s.url();
    const m = pattern.exec(url);
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`waited 20 s for ${what}; the page is at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until some element matching `css` has `text` in it (a screen has rendered its data). */
export async function waitForText(s: Session, css: string, text: string, timeoutMs?: number): Promise<void> {
  await s.waitFor(
    `「${text}」 in ${css}`,
    `return [...document.querySelectorAll(arguments[0])].some((e) => e.textContent.includes(arguments[1]));`,
    timeoutMs,
    css,
    text,
  );
}

/**
 * Waits until a service worker controls the page; returns its script URL. If the first load is not
 * controlled within 5 s (a worker that does not claim clients), one reload hands the page to it.
 */
export async function waitForController(s: Session): Promise<string> {
  const controlled = `return navigator.serviceWorker.ready.then(() =>
      navigator.serviceWorker.controller ? navigator.serviceWorker.controller.scriptURL : null);`;
  const first = await s.waitFor<string | null>('service worker control', controlled, 5_000).catch(() => null);
  if (first) return first;
  await s.reload();
  return s.waitFor<string>('service worker control after a reload', controlled);
}

/**
 * Goes to an app path inside the running page, as a tap on a link does (the router's history entry plus a
 * `popstate`; src/ui/app/router.ts) — not a page load.
 *
 * Hazard (why not `goto`): in WebKitGTK a page left by a full navigation goes to the back-forward cache with
 * its IndexedDB transactions frozen mid-flight; if the sync engine was writing `meta` at that moment, the next
 * page's start-up read of `meta` waits forever on 正在打开…. A reload does not do this (the old page is
 * destroyed, its transactions aborted).
 */
export async function openInApp(s: Session, path: string): Promise<void> {
  await s.execute(
    `history.pushState({ depth: 1 }, '', arguments[0]);
     dispatchEvent(new PopStateEvent('popstate', { state: { depth: 1 } }));`,
    path,
  );
}

/** 登录 with the demo password; ends on the signed-in shell. */
export async function logIn(s: Session, username: string): Promise<void> {
  await s.type(await s.waitForElement('the login form', '#login-username'), username);
  await s.type(await s.waitForElement('the password field', '#login-password'), DEMO_PASSWORD);
  await submit(s);
  await s.waitForElement('the signed-in shell', 'header.topbar');
}

/** 新建服务对象 → 保存; returns the new person's id (from the person page's URL). */
export async function createPerson(s: Session, name: string, n: number): Promise<string> {
  await openInApp(s, '/persons/new');
  await fill(s, '姓名', name);
  await fill(s, '身份证号', testIdNumber(n));
  await submit(s);
  const m = await waitForUrl(s, 'the new person page', /\/persons\/([0-9a-f-]{36})$/);
  await waitForText(s, 'h1', name);
  return m[1] ?? '';
}

/** 记录走访 (大走访) with a situation text → 保存; back on the person page. */
export async function recordVisit(s: Session, personId: string, situation: string): Promise<void> {
  await openInApp(s, `/persons/${personId}/visit/new`);
  await s.click(await s.waitForElement('the 大走访 choice', 'input[type=radio][value="大走访"]'));
  await fill(s, '基本情况', situation);
  await submit(s);
  await waitForUrl(s, 'the person page after saving the visit', /saved=visit/);
}

/** Every row of one object store of the app's IndexedDB, read with the raw API (no app code involved). */
export function readStore<T = Record<string, unknown>>(s: Session, store: string): Promise<T[]> {
  return s.execute<T[]>(
    `return new Promise((resolve, reject) => {
       const open = indexedDB.open('zoufang');
       open.onerror = () => reject(open.error);
       open.onsuccess = () => {
         const db = open.result;
         const req = db.transaction(arguments[0], 'readonly').objectStore(arguments[0]).getAll();
         req.onsuccess = () => { resolve(req.result); db.close(); };
         req.onerror = () => reject(req.error);
       };
     });`,
    store,
  );
}

/** How many changes wait in the device's outbox (raw IndexedDB). */
export async function outboxSize(s: Session): Promise<number> {
  return (await readStore(s, 'outbox')).length;
}
