'use strict';
// Excel workbooks: an .xlsx imports its sheet (the analyst chooses which when it has several, by
// keyboard), a file that is no workbook is refused in the interface language, and the data and
// results export as an .xlsx that imports back. The workbook code loads only when first needed.
// The fixtures are written by openpyxl (tests/fixtures/workbook/make.py), not by innoscore.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { REPO, setup, w, open, ranking, cell, gridValues, outFile, download } = require('../lib/harness');

const env = setup();
const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'workbook');

/** Chooses `file` in the import input, without waiting for any outcome. */
async function choose(page, file) {
  await w(page, 'input[type=file][data-action=import]').setInputFiles(file);
}

/** The status messages' text, once one of them names `name` and the import is over. */
async function outcome(page, text) {
  await w(page, '.status p:not(.importing)').filter({ hasText: text }).first().waitFor();
  return w(page, '.status').textContent();
}

test('a workbook of one sheet imports it at once; the code loads only then', async () => {
  const page = await env.page();
  const loaded = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await open(page);
  assert.ok(!loaded.some((p) => p.includes('/workbook/')), 'no workbook code on the first load');
  const before = await gridValues(page);
  await choose(page, path.join(FIXTURES, 'one-sheet.xlsx'));
  const status = await outcome(page, '已导入');
  assert.match(status, /已导入 one-sheet\.xlsx（工作表“盟市数据”）/);
  assert.ok(loaded.some((p) => p.endsWith('/workbook/innoscore_workbook_bg.wasm')), 'the workbook code is loaded now');
  // the sheet holds the built-in data with 兴安盟's 2023 key laboratories at 7 (make.py)
  assert.equal(await cell(page, 'XAM', 'KeyLab').inputValue(), '7');
  const after = await gridValues(page);
  const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
  assert.deepEqual(changed, ['XAM/KeyLab'], 'every other figure as in the built-in data');
});

test('a workbook of several sheets asks which, by keyboard, and imports the one chosen', async () => {
  const page = await env.page();
  await open(page);
  const plain = await ranking(page);
  await cell(page, 'BT', 'KeyLab').fill('1'); // an edit that the import then replaces
  await choose(page, path.join(FIXTURES, 'default-data.xlsx'));
  const question = w(page, '.status .choose-sheet');
  await question.waitFor();
  assert.match(await question.textContent(), /^default-data\.xlsx 有 2 个工作表，导入哪一个？/);
  assert.deepEqual(await question.locator('button[data-action=sheet]').allTextContents(), ['说明', '数据']);
  // the first sheet has the focus; Tab to the second, Enter to import it
  assert.equal(await page.evaluate(() => document.querySelector('inno-scorecard#index').shadowRoot.activeElement?.textContent), '说明');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.match(await outcome(page, '已导入'), /已导入 default-data\.xlsx（工作表“数据”）/);
  assert.deepEqual(await ranking(page), plain, 'the built-in data again, from the workbook');
  assert.equal(await cell(page, 'BT', 'KeyLab').inputValue(), '26');
  // and the import is one step to undo
  await w(page, 'button[data-action=undo]').click();
  assert.equal(await cell(page, 'BT', 'KeyLab').inputValue(), '1');
});

test('a sheet that is not data, and a file that is no workbook, are refused in the interface language', async () => {
  const page = await env.page();
  await open(page);
  const before = await ranking(page);
  await choose(page, path.join(FIXTURES, 'default-data.xlsx'));
  await w(page, '.status button[data-action=sheet][data-sheet="说明"]').click();
  const status = await outcome(page, '失败');
  assert.match(status, /导入 default-data\.xlsx（工作表“说明”） 失败，数据未改变/);
  assert.deepEqual(await ranking(page), before);
  // CSV text in a file named .xlsx
  const fake = outFile('fake.xlsx', 'uCode,KeyLab\nXAM,3\n');
  await choose(page, fake);
  assert.match(await outcome(page, '失败'), /导入 fake\.xlsx 失败，数据未改变：文件不是可以读取的工作簿（\.xlsx、\.xls 或 \.ods）/);
  assert.deepEqual(await ranking(page), before);
  // cancelling the choice changes nothing either
  await choose(page, path.join(FIXTURES, 'default-data.xlsx'));
  await w(page, '.status button[data-action=sheet-cancel]').click();
  assert.match(await outcome(page, '已取消'), /已取消导入 default-data\.xlsx，数据未改变/);
});

test('data and results export as a workbook that imports back', async () => {
  const page = await env.page();
  await open(page);
  await cell(page, 'XAM', 'KeyLab').fill('9');
  const edited = await ranking(page);
  const dl = await download(page, w(page, 'button[data-action=export][data-what=workbook]'));
  assert.equal(dl.name, 'innoscore.xlsx');
  assert.deepEqual([...dl.bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a zip, as an .xlsx is');
  const fresh = await env.page();
  await open(fresh);
  await choose(fresh, dl.file);
  const question = w(fresh, '.status .choose-sheet');
  await question.waitFor();
  assert.deepEqual(await question.locator('button[data-action=sheet]').allTextContents(), ['结果', '数据', '指标框架', '结果（全精度）']);
  await question.locator('button[data-sheet="数据"]').click();
  await outcome(fresh, '已导入');
  assert.deepEqual(await ranking(fresh), edited, 'the exported data score as they did');
  assert.equal(await cell(fresh, 'XAM', 'KeyLab').inputValue(), '9');
});
