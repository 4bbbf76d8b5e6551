'use strict';
// view="ranking", for a portal that publishes the results: who leads, the ranking and its bar
// chart, read-only; no editors, no unit's detail, no robustness check, nothing kept in the
// browser. Setting the attribute back gives the full scorecard.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking } = require('../lib/harness');

const env = setup();
const HOST = '#ranking';

test('view="ranking" shows the published ranking alone, read-only', async () => {
  const page = await env.page();
  await open(page, '/ranking.html', HOST);
  assert.equal((await ranking(page, HOST)).length, 12);
  assert.match(await w(page, '.results .lead', HOST).first().textContent(), /^2023 年，.+以 [\d.]+ 分居首/);
  assert.equal(await w(page, 'svg[data-chart=bar]', HOST).count(), 1);
  for (const gone of ['[role=tablist]', '#editor', 'table.grid', '.unit-block', '.robust', 'button[data-action=undo]', 'button[data-action=goto-editor]', 'input']) {
    assert.equal(await w(page, gone, HOST).count(), 0, `no ${gone}`);
  }
  // the language and the large type still serve the reader
  await w(page, 'button[data-action=lang][data-lang="en"]', HOST).click();
  await w(page, '.results .lead', HOST).filter({ hasText: 'leads with' }).waitFor();
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('innoscore:') && !k.endsWith(':lang'))), []);
  // without the attribute, the full scorecard
  await page.locator(`inno-scorecard${HOST}`).evaluate((el) => el.removeAttribute('view'));
  await w(page, '#editor table.grid', HOST).waitFor();
  assert.equal(await w(page, '.unit-block', HOST).count(), 1);
});
