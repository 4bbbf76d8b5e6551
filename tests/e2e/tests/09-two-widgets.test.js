'use strict';
// 11. Two widgets on one page are independent; the readonly one has no editor.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, setup, w, ranking, cell } = require('../lib/harness');

const env = setup();

test('/two.html: editing #editable leaves the readonly #published untouched', async () => {
  const page = await env.page();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/two.html');
  await w(page, 'table.ranking tbody tr[data-unit]', '#editable').first().waitFor();
  await w(page, 'table.ranking tbody tr[data-unit]', '#published').first().waitFor();

  // the published one: readonly, English, no tabs and no editor, but results
  const published = page.locator('inno-scorecard#published');
  assert.notEqual(await published.getAttribute('readonly'), null);
  assert.equal(await w(page, '[role=tab]', '#published').count(), 0, '#published has no tabs');
  assert.equal(await w(page, '#editor', '#published').count(), 0, '#published has no editor');
  assert.equal(await w(page, 'input[data-action=cell]', '#published').count(), 0);
  assert.equal(await w(page, 'section.results', '#published').count(), 1);
  assert.equal(await w(page, 'table.ranking tbody tr[data-unit]', '#published').count(), 12);
  assert.equal(await w(page, 'button[data-action=lang][data-lang="en"]', '#published').getAttribute('aria-pressed'), 'true');
  // the editable one has them
  assert.equal(await w(page, '[role=tab]', '#editable').count(), 3);

  const pubBefore = await ranking(page, '#published');
  const editBefore = await ranking(page, '#editable');
  assert.deepEqual(pubBefore.map((r) => [r.unit, r.rank, r.index]), editBefore.map((r) => [r.unit, r.rank, r.index]),
    'both start from the same default data');

  for (const col of ['RD_GDP', 'HighTechEnt', 'KeyLab', 'TechSME']) await cell(page, 'XAM', col, '#editable').fill('999999');
  const editAfter = await ranking(page, '#editable');
  assert.notDeepEqual(editAfter, editBefore, "#editable's ranking changed");
  assert.deepEqual(await ranking(page, '#published'), pubBefore, "#published's ranking did not");

  // a reload: #editable keeps its edit, #published still shows the default ranking
  await page.reload();
  await w(page, 'table.ranking tbody tr[data-unit]', '#editable').first().waitFor();
  await w(page, 'table.ranking tbody tr[data-unit]', '#published').first().waitFor();
  assert.deepEqual(await ranking(page, '#editable'), editAfter);
  assert.deepEqual(await ranking(page, '#published'), pubBefore);
  assert.deepEqual(errors, []);
});

test('two widgets with the same src and no id keep their work apart', async () => {
  const page = await env.page();
  const csv = fs.readFileSync(path.join(REPO, 'data', 'default_iData.csv'), 'utf8');
  const html = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>'
    + '<script type="module" src="/inno-scorecard.js"></script></head><body>'
    + '<inno-scorecard src="/same.csv"></inno-scorecard><inno-scorecard src="/same.csv"></inno-scorecard></body></html>';
  await page.route('**/same-src.html', (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.route('**/same.csv', (r) => r.fulfill({ contentType: 'text/csv; charset=utf-8', body: csv }));
  const first = ':nth-of-type(1)';
  const second = ':nth-of-type(2)';
  await page.goto('/same-src.html');
  for (const host of [first, second]) await w(page, 'table.ranking tbody tr[data-unit]', host).first().waitFor();
  const untouched = await cell(page, 'TL', 'KeyLab', second).inputValue();
  await cell(page, 'TL', 'KeyLab', first).fill('999');
  await page.reload();
  for (const host of [first, second]) await w(page, 'table.ranking tbody tr[data-unit]', host).first().waitFor();
  assert.equal(await cell(page, 'TL', 'KeyLab', first).inputValue(), '999', 'the first keeps its edit');
  assert.equal(await cell(page, 'TL', 'KeyLab', second).inputValue(), untouched, 'the second was not overwritten');
  await cell(page, 'TL', 'KeyLab', second).fill('5');
  await page.waitForFunction(() => Object.keys(localStorage).filter((k) => !k.endsWith(':lang')).length === 2);
  const both = await page.evaluate(() => Object.keys(localStorage).filter((k) => !k.endsWith(':lang')).sort());
  assert.deepEqual(both, ['innoscore:/same-src.html:/same.csv', 'innoscore:/same-src.html:/same.csv#2']);
});
