'use strict';
// No edit is lost: every change can be undone and redone, by the two buttons or by Ctrl+Z /
// Ctrl+Y (⌘ on macOS), a hundred steps back, and across a reload; deleting a unit says which and
// offers to undo it in place; restoring the default data asks first and can be undone too.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, cell, gridValues, ranking, statusMessages } = require('../lib/harness');

const env = setup();

const undo = (page) => w(page, 'header button[data-action=undo]');
const redo = (page) => w(page, 'header button[data-action=redo]');

test('keystrokes in a cell are one step: Ctrl+Z takes them back, Ctrl+Y and ⌘+Shift+Z bring them again', async () => {
  const page = await env.page();
  await open(page);
  assert.equal(await undo(page).isDisabled(), true, 'nothing to undo yet');
  const before = { grid: await gridValues(page), ranking: await ranking(page) };
  const gdp = cell(page, 'HHHT', 'GDP');
  await gdp.click();
  await gdp.press('Control+a');
  await page.keyboard.type('99999');
  assert.equal(await undo(page).isDisabled(), false, 'the edit can be undone');
  assert.notDeepEqual(await ranking(page), before.ranking, 'the edit changed the ranking');
  await page.keyboard.press('Control+z');
  assert.deepEqual(await gridValues(page), before.grid, 'the five keystrokes are undone at once');
  assert.deepEqual(await ranking(page), before.ranking);
  assert.equal(await gdp.evaluate((el) => el === el.getRootNode().activeElement), true, 'the focus stays in the cell');
  assert.equal(await undo(page).isDisabled(), true);
  assert.equal(await redo(page).isDisabled(), false);
  await page.keyboard.press('Control+y');
  assert.equal(await gdp.inputValue(), '99999');
  await page.keyboard.press('Meta+z');
  assert.deepEqual(await gridValues(page), before.grid, '⌘+Z undoes on macOS');
  await page.keyboard.press('Meta+Shift+z');
  assert.equal(await gdp.inputValue(), '99999', '⌘+Shift+Z redoes');
  assert.ok((await statusMessages(page)).some((m) => m.text === '已重做'), 'the status says what was done');
});

test('a deleted unit is named, and the notice undoes the deletion from the keyboard', async () => {
  const page = await env.page();
  await open(page);
  const before = await gridValues(page);
  await w(page, 'button[data-action=remove-unit][data-unit=CF]').click();
  assert.equal(await w(page, 'table.grid tr[data-unit=CF]').count(), 0, '赤峰市 is gone');
  const notice = w(page, '.status p', '#index').filter({ hasText: '已删除 赤峰市' });
  assert.equal(await notice.count(), 1, 'the notice names the unit');
  const button = notice.locator('button[data-action=undo]');
  assert.equal(await button.textContent(), '撤销');
  assert.equal(await button.evaluate((el) => el === el.getRootNode().activeElement), true, 'the undo in the notice has the focus');
  await page.keyboard.press('Enter');
  assert.deepEqual(await gridValues(page), before, '赤峰市 is back, every figure in its place');
  assert.deepEqual(await w(page, 'table.grid tbody tr[data-unit]').evaluateAll((rs) => rs.map((r) => r.dataset.unit)).then((u) => u.indexOf('CF')), 4, 'in its row');
});

test('restoring the default data asks first, and can be undone', async () => {
  const page = await env.page();
  await open(page);
  await cell(page, 'BT', 'GDP').fill('12345');
  const edited = await gridValues(page);
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    d.accept();
  });
  await w(page, 'button[data-action=reset-data]').click();
  assert.match(asked, /恢复默认数据/, 'it asks first');
  assert.notEqual(await cell(page, 'BT', 'GDP').inputValue(), '12345');
  await undo(page).click();
  assert.deepEqual(await gridValues(page), edited, 'the edit before the reset is back');
});

test('the steps survive a reload, and a hundred of them can be undone', async () => {
  const page = await env.page();
  await open(page);
  const original = await gridValues(page);
  // 105 edits of distinct cells and a method choice: the oldest six fall out of the hundred kept
  const cols = ['GDP', 'Population', 'Employed', 'FiscalExp', 'RuralPop', 'IndEnt', 'IndRevenue', 'RD_GDP', 'FiscalST_share'];
  const units = ['HHHT', 'BT', 'ORDOS', 'WH', 'CF', 'TL', 'HLBE', 'BYNE', 'WLCB', 'XAM', 'XLGL', 'ALS'];
  let n = 0;
  for (const u of units) {
    for (const c of cols) {
      if (n === 105) break;
      await cell(page, u, c).fill(String(1000 + n));
      n += 1;
    }
  }
  // a method choice too, as the 106th step
  await w(page, '[role=tab][data-tab=method]').click();
  await w(page, 'input[data-action=setting][value=geometric]').check();
  await page.reload();
  await w(page, 'table.ranking tbody tr[data-unit]').first().waitFor();
  let steps = 0;
  while (!(await undo(page).isDisabled())) {
    await undo(page).click();
    steps += 1;
  }
  assert.equal(steps, 100, 'a hundred steps, kept across the reload');
  await w(page, '[role=tab][data-tab=data]').click();
  const now = await gridValues(page);
  // the six oldest edits stay: HHHT's first six columns
  const kept = cols.slice(0, 6).map((c) => `HHHT/${c}`);
  kept.forEach((key, k) => assert.equal(now[key], String(1000 + k), key));
  for (const key of Object.keys(original)) if (!kept.includes(key)) assert.equal(now[key], original[key], key);
});
