'use strict';
// 8. Names from imported files and from the framework editor are shown as text, never as markup.
//
// The context bypasses the page's CSP on purpose: the CSP would block inline
// handlers anyway, and this test is about the widget's own escaping.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, outFile, download, statusMessages, importFile } = require('../lib/harness');

const env = setup();

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';

/** A CSV field, quoted as RFC 4180 says. */
const quote = (s) => `"${s.replace(/"/g, '""')}"`;

test('markup in a unit name or an indicator name is shown literally and never runs', async () => {
  const page = await env.page({ bypassCSP: true });
  await open(page);

  // 1. a data CSV whose uName for ALS is an <img onerror> payload
  const dl = await download(page, w(page, 'button[data-action=export][data-what=data]'));
  const lines = dl.bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0].split(',');
  const iName = header.indexOf('uName');
  const iCode = header.indexOf('uCode');
  assert.ok(iName >= 0 && iCode >= 0, `header: ${lines[0]}`);
  let replaced = 0;
  const evil = lines.map((l, i) => {
    const cells = l.split(',');
    if (i === 0 || cells[iCode] !== 'ALS') return l;
    cells[iName] = quote(IMG);
    replaced += 1;
    return cells.join(',');
  });
  assert.equal(replaced, 5, 'ALS has one row per year');
  const file = outFile('xss-data.csv', `\uFEFF${evil.join('\n')}`);
  const msgs = await importFile(page, file);
  assert.ok(!msgs.some((m) => m.error), `the CSV is valid and imports: ${JSON.stringify(msgs)}`);
  assert.equal((await w(page, 'table.ranking tr[data-unit=ALS] th').textContent()).trim(), IMG,
    'the ranking shows the name literally');
  assert.equal(await w(page, 'table.grid input[data-action=unit-name][data-unit=ALS]').inputValue(), IMG);
  assert.ok((await w(page, 'svg[data-chart=bar]').textContent()).includes(IMG), 'the bar chart labels it literally');

  // 2. an indicator renamed in the framework tab to a <script>
  await w(page, '[role=tab][data-tab=framework]').click();
  const nameInput = w(page, 'section.pillar tr[data-code=RD_GDP] input[data-action=meta][data-field^=iName]');
  assert.equal(await nameInput.count(), 1, 'RD_GDP has one name input');
  await nameInput.fill(SCRIPT);
  await nameInput.press('Tab'); // commits with `change`
  assert.ok(!(await statusMessages(page)).some((m) => m.error), 'the rename is accepted');
  assert.equal(await w(page, 'section.pillar tr[data-code=RD_GDP] input[data-action=meta][data-field^=iName]').inputValue(), SCRIPT);
  await w(page, '[role=tab][data-tab=data]').click();
  assert.equal((await w(page, 'table.grid th[data-col=RD_GDP]').textContent()).includes(SCRIPT), true,
    'the grid header shows the new name literally');
  const resultsText = await w(page, 'section.results').textContent();
  assert.ok(resultsText.includes(SCRIPT), 'the results (contributions table) show the new name literally');

  // give a smuggled <img> time to fail loading and fire onerror
  await page.waitForTimeout(500);
  const found = await page.evaluate(() => {
    const root = document.querySelector('inno-scorecard#index').shadowRoot;
    return {
      xss: window.__xss,
      img: root.querySelectorAll('img').length,
      script: root.querySelectorAll('script').length,
      onerror: root.querySelectorAll('[onerror]').length,
      docImg: document.querySelectorAll('img').length,
    };
  });
  assert.equal(found.xss, undefined, 'no injected code ran');
  assert.equal(found.img, 0, 'no <img> element in the shadow root');
  assert.equal(found.script, 0, 'no <script> element in the shadow root');
  assert.equal(found.onerror, 0, 'no element with an onerror attribute');
  assert.equal(found.docImg, 0, 'no <img> in the page either');
});
