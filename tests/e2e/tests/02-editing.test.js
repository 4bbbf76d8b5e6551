'use strict';
// 2-4. Editing the data grid: typing rescores at once, bad values are marked in
// place and scored as missing, and a block pasted from a spreadsheet fills the grid.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking, rankOf, cell, statusMessages, importFile, outFile, defaultDataCopies } = require('../lib/harness');

const env = setup();

test('typing very large values for XAM in 2023 lifts it from rank 12', async () => {
  const page = await env.page();
  await open(page);
  assert.equal(await w(page, 'select[data-action=year][data-place=data]').inputValue(), '2023');
  const before = await rankOf(page, 'XAM');
  assert.equal(before, 12, 'in the default 2023 data XAM (兴安盟) is last');
  const indexBefore = Number(await w(page, 'table.ranking tr[data-unit=XAM] td.index').textContent());

  // "higher is better" counts and amounts; HighTechVA is a % and is left alone
  const columns = ['RD_GDP', 'HighTechEnt', 'KeyLab', 'TechSME', 'InvPatent', 'Incubator'];
  const typed = [];
  let after = before;
  for (const col of columns) {
    await cell(page, 'XAM', col).fill('999999');
    typed.push(col);
    after = await rankOf(page, 'XAM');
    if (after < 12) break;
  }
  console.log(`XAM rank ${before} -> ${after} after setting ${typed.join(', ')} to 999999`);
  assert.ok(after < before, `XAM's rank should improve from ${before}; it is ${after} after ${typed.join(', ')}`);
  const indexAfter = Number(await w(page, 'table.ranking tr[data-unit=XAM] td.index').textContent());
  assert.ok(indexAfter > indexBefore, `XAM's index should rise from ${indexBefore}; it is ${indexAfter}`);
  // the grid kept what was typed, unmarked, and the ranking still has every unit
  for (const col of typed) {
    assert.equal(await cell(page, 'XAM', col).inputValue(), '999999');
    assert.equal(await cell(page, 'XAM', col).getAttribute('aria-invalid'), null);
  }
  const rows = await ranking(page);
  assert.equal(rows.length, 12);
  assert.deepEqual(rows.map((r) => Number(r.rank)).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

/** Asserts the cell's mark: td.bad, aria-invalid=true and a non-empty .cell-msg; or none of them
 * (a warning that a figure looks wrong, .cell-msg.doubt, is no mark of a figure that cannot be used). */
async function assertMarked(page, unit, col, marked) {
  const input = cell(page, unit, col);
  const td = w(page, `table.grid tr[data-unit="${unit}"] td:has(> input[data-col="${col}"])`);
  assert.equal(await td.count(), 1);
  const cls = (await td.getAttribute('class')) || '';
  const msg = td.locator('.cell-msg:not(.doubt)');
  const what = `${unit}/${col} = ${JSON.stringify(await input.inputValue())}`;
  if (marked) {
    assert.match(cls, /\bbad\b/, `${what}: its td should have class "bad"`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${what}: aria-invalid should be "true"`);
    assert.equal(await msg.count(), 1, `${what}: one .cell-msg should explain the problem`);
    assert.ok((await msg.textContent()).trim().length > 0, `${what}: the .cell-msg should not be empty`);
    const described = await input.getAttribute('aria-describedby');
    if (described) assert.equal(await msg.getAttribute('id'), described, `${what}: aria-describedby should point at the message`);
  } else {
    assert.doesNotMatch(cls, /\bbad\b/, `${what}: its td should not be marked bad`);
    assert.notEqual(await input.getAttribute('aria-invalid'), 'true', `${what}: should not be aria-invalid`);
    assert.equal(await msg.count(), 0, `${what}: should have no .cell-msg`);
  }
}

test('an invalid value is marked in place, scored as missing, and unmarked when fixed', async () => {
  const page = await env.page();
  await open(page);
  const original = await cell(page, 'BT', 'RD_GDP').inputValue();
  assert.match(original, /^\d+(\.\d+)?$/, 'the default value is a number');
  const defaultRanking = await ranking(page);
  await assertMarked(page, 'BT', 'RD_GDP', false);

  // an empty cell is a missing value: what the ranking looks like then
  await cell(page, 'BT', 'RD_GDP').fill('');
  const missingRanking = await ranking(page);
  assert.equal(missingRanking.length, 12);

  await cell(page, 'BT', 'RD_GDP').fill('abc');
  await assertMarked(page, 'BT', 'RD_GDP', true);
  const badRanking = await ranking(page);
  assert.equal(badRanking.length, 12, 'the ranking still shows every unit');
  for (const r of badRanking) assert.match(r.index, /^\d+(\.\d)?$/, `${r.unit} still has an index`);
  assert.deepEqual(badRanking, missingRanking, '"abc" is scored exactly like an empty (missing) cell');
  assert.equal(await cell(page, 'BT', 'RD_GDP').inputValue(), 'abc', 'what was typed stays in the cell');

  await cell(page, 'BT', 'RD_GDP').fill(original);
  await assertMarked(page, 'BT', 'RD_GDP', false);
  assert.deepEqual(await ranking(page), defaultRanking, 'fixing the value restores the default ranking');

  // counts cannot be negative; a percentage cannot exceed 100
  await cell(page, 'CF', 'HighTechEnt').fill('-5');
  await assertMarked(page, 'CF', 'HighTechEnt', true);
  await cell(page, 'CF', 'HighTechVA').fill('150');
  await assertMarked(page, 'CF', 'HighTechVA', true);
  assert.equal((await ranking(page)).length, 12);
  // the boundaries themselves are valid
  await cell(page, 'CF', 'HighTechEnt').fill('0');
  await assertMarked(page, 'CF', 'HighTechEnt', false);
  await cell(page, 'CF', 'HighTechVA').fill('100');
  await assertMarked(page, 'CF', 'HighTechVA', false);
  // though 100 % is far above 赤峰's other years, and said to be
  assert.match(await w(page, 'table.grid tr[data-unit="CF"] td:has(> input[data-col="HighTechVA"]) .cell-msg.doubt').textContent(), /请核对单位/);
});

test('pasting a 2x2 block fills the grid from the cell pasted into', async () => {
  const page = await env.page();
  await open(page);
  const first = w(page, 'table.grid input[data-action=cell][data-r="0"][data-c="0"]');
  const second = w(page, 'table.grid input[data-action=cell][data-r="0"][data-c="1"]');
  // the top-left cell is HHHT's first indicator column
  assert.equal(await first.evaluate((el) => el.closest('tr').dataset.unit), 'HHHT');
  const col0 = await first.getAttribute('data-col');
  const col1 = await second.getAttribute('data-col');
  assert.equal(col0, 'RD_GDP');
  const hhhtIndex = await w(page, 'table.ranking tr[data-unit=HHHT] td.index').textContent();

  await first.evaluate((el) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', '11.5\t22\r\n33\t44.25\r\n');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });

  const at = (r, c) => w(page, `table.grid input[data-action=cell][data-r="${r}"][data-c="${c}"]`);
  assert.equal(await at(0, 0).inputValue(), '11.5');
  assert.equal(await at(0, 1).inputValue(), '22');
  assert.equal(await at(1, 0).inputValue(), '33');
  assert.equal(await at(1, 1).inputValue(), '44.25');
  // and they are the right units and columns
  assert.equal(await cell(page, 'HHHT', col0).inputValue(), '11.5');
  assert.equal(await cell(page, 'HHHT', col1).inputValue(), '22');
  assert.equal(await cell(page, 'BT', col0).inputValue(), '33');
  assert.equal(await cell(page, 'BT', col1).inputValue(), '44.25');
  // nothing beyond the block changed
  assert.notEqual(await at(0, 2).inputValue(), '');
  assert.notEqual(await at(2, 0).inputValue(), '33');

  const msgs = await statusMessages(page);
  assert.equal(msgs.length, 1, `one status message expected, got ${JSON.stringify(msgs)}`);
  assert.equal(msgs[0].error, false, `the paste is not an error: ${msgs[0].text}`);
  assert.match(msgs[0].text, /(^|\D)4(\D|$)/, `the status should report 4 pasted cells: ${msgs[0].text}`);
  // HHHT's R&D figure fell from 45.63 to 11.5: its index is recomputed
  assert.notEqual(await w(page, 'table.ranking tr[data-unit=HHHT] td.index').textContent(), hhhtIndex);
});

test('a year of more than 50 units is drawn in pages of the grid, and the pages are reached by keyboard', async () => {
  const page = await env.page();
  await open(page);
  const file = outFile('108-units.csv', defaultDataCopies(9));
  await importFile(page, file);
  // the grid draws 50 units a page (an input for each of their figures), the ranking 100
  assert.equal(await w(page, 'table.grid tbody tr[data-unit]').count(), 50, 'a page of 50 units');
  assert.equal(await w(page, '.pager[data-what=grid] span').textContent(), '第 1–50 个，共 108 个单位');
  assert.equal(await w(page, 'button[data-action=page][data-what=grid][data-direction=prev]').isDisabled(), true);
  await w(page, 'button[data-action=page][data-what=grid][data-direction=next]').focus();
  await page.keyboard.press('Enter');
  assert.equal(await w(page, '.pager[data-what=grid] span').textContent(), '第 51–100 个，共 108 个单位');
  await w(page, 'button[data-action=page][data-what=grid][data-direction=next]').press('Enter');
  assert.equal(await w(page, '.pager[data-what=grid] span').textContent(), '第 101–108 个，共 108 个单位');
  assert.equal(await w(page, 'table.grid tbody tr[data-unit]').count(), 8);
  assert.equal(await w(page, 'button[data-action=page][data-what=grid][data-direction=next]').isDisabled(), true);
  // an edit on the last page counts like any other
  const indexOf = async () => (await ranking(page)).find((r) => r.unit === 'ALS_8').index;
  const before = await indexOf();
  await cell(page, 'ALS_8', 'KeyLab').fill('5000');
  const after = await indexOf();
  assert.ok(Number(after) > Number(before), `ALS_8's index rises with 5,000 key labs: ${before} -> ${after}`);
  await page.keyboard.press('Shift+Tab');
  await w(page, 'button[data-action=page][data-what=grid][data-direction=prev]').press('Enter');
  assert.equal(await w(page, '.pager[data-what=grid] span').textContent(), '第 51–100 个，共 108 个单位');
  // the ranking is paged the same way, and its bar chart shows the best 100
  assert.equal(await w(page, 'table.ranking tbody tr[data-unit]').count(), 100);
  assert.equal(await w(page, '.pager[data-what=ranking] span').textContent(), '第 1–100 个，共 108 个单位');
  await w(page, 'button[data-action=page][data-what=ranking][data-direction=next]').press('Enter');
  const last = await ranking(page);
  assert.equal(last.length, 8);
  assert.ok(last.every((r) => Number(r.rank) >= 100), JSON.stringify(last));
  assert.equal(await w(page, 'svg[data-chart=bar] rect.bar').count(), 100);
});

test('the code and name columns stay in view while the grid scrolls sideways (the name only, on a phone)', async () => {
  for (const [viewport, sticky] of [[{ width: 1280, height: 900 }, ['代码', '名称']], [{ width: 390, height: 844 }, ['名称']]]) {
    const page = await env.page({ viewport });
    await open(page);
    const wrap = w(page, '.grid-wrap');
    const scrolled = await wrap.evaluate((e) => {
      e.scrollLeft = e.scrollWidth;
      return e.scrollLeft;
    });
    assert.ok(scrolled > 300, `the grid scrolls sideways (${scrolled} px)`);
    const box = await wrap.boundingBox();
    // a heading is in view when it starts within the wrapper's left part, where no data column is
    const inView = await w(page, 'table.grid thead th').evaluateAll((ths, left) =>
      ths.filter((th) => Math.abs(th.getBoundingClientRect().left - left) < 200).map((th) => th.textContent.trim()), box.x);
    for (const heading of sticky) assert.ok(inView.some((t) => t.startsWith(heading)), `${heading} in view at ${viewport.width} px: ${inView}`);
    const name = await w(page, 'table.grid tr[data-unit="HHHT"] input[data-action=unit-name]').boundingBox();
    assert.ok(name.x >= box.x - 1 && name.x + name.width <= box.x + box.width, 'the unit name is inside the visible grid');
  }
});
