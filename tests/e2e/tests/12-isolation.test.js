'use strict';
// Nothing leaks either way: the portal's CSS does not reach into the widget, the widget adds no
// CSS to the page and no global beyond the element.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open } = require('../lib/harness');

const env = setup();

test("a portal's aggressive CSS does not reach into the widget", async () => {
  // bypassCSP only so that the test can add an inline stylesheet, as a portal's own CSS would be
  const page = await env.page({ bypassCSP: true });
  await open(page);
  const look = () => w(page, 'h2').evaluate((h) => {
    const s = getComputedStyle(h);
    return { color: s.color, font: s.fontSize, family: s.fontFamily, display: s.display };
  });
  const before = await look();
  await page.addStyleTag({ content: `
    * { color: rgb(255, 0, 0) !important; font-size: 40px !important; font-family: serif !important; }
    h2, table, button { display: none !important; }
    body { line-height: 5 !important; letter-spacing: 3px !important; }` });
  assert.deepEqual(await look(), before, 'the heading inside the widget looks the same');
  assert.ok(await w(page, 'table.ranking').isVisible(), 'the ranking is still shown');
  // while the page's own heading did take the portal's style
  assert.equal(await page.locator('h1').evaluate((h) => getComputedStyle(h).color), 'rgb(255, 0, 0)');
});

test('the widget adds no style to the page and no global but the element', async () => {
  const page = await env.page();
  await page.goto('/two.html');
  await w(page, 'table.ranking tbody tr[data-unit]', '#editable').first().waitFor();
  const leaks = await page.evaluate(() => {
    // a fresh window of the same origin, without the widget, is the baseline
    const frame = document.createElement('iframe');
    frame.src = 'about:blank';
    document.body.append(frame);
    const baseline = new Set(Object.getOwnPropertyNames(frame.contentWindow));
    // (numeric keys are the frames of the page, the baseline frame among them)
    const globals = Object.getOwnPropertyNames(window).filter((k) => !baseline.has(k) && !/^\d+$/.test(k));
    frame.remove();
    const sheets = [...document.styleSheets].map((s) => s.href && new URL(s.href).pathname);
    return { globals, sheets, adopted: document.adoptedStyleSheets.length };
  });
  assert.deepEqual(leaks.globals, [], `no new globals: ${leaks.globals.join(', ')}`);
  assert.deepEqual(leaks.sheets, ['/demo.css'], "the page's own stylesheet only");
  assert.equal(leaks.adopted, 0, 'no stylesheet adopted by the document');
  assert.ok(await page.evaluate(() => !!customElements.get('inno-scorecard')), 'the element is defined');
});
