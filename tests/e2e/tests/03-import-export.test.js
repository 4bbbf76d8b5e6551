'use strict';
// 5. Export and import: a project JSON round-trips into a fresh browser, a data
// CSV round-trips into the grid, and a broken CSV is refused with a precise error.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking, cell, gridValues, statusMessages, importFile, outFile, download } = require('../lib/harness');

const env = setup();

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Parses the exported CSV (simple: the default data has no quoted commas). */
function parseCsv(text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

test('a project exported as JSON imports into a fresh browser with the identical ranking', async () => {
  const page = await env.page();
  await open(page);
  const defaultRanking = await ranking(page);
  // make the project differ from the default so that the import has to carry it
  await cell(page, 'XAM', 'RD_GDP').fill('500');
  await cell(page, 'HHHT', 'KeyLab').fill('1');
  await w(page, '[role=tab][data-tab=method]').click();
  await w(page, 'input[data-action=setting][data-setting=normalise][value=rank]').check();
  const edited = await ranking(page);
  assert.notDeepEqual(edited, defaultRanking, 'the edits change the ranking');
  await w(page, '[role=tab][data-tab=data]').click(); // the export buttons are on the data tab

  const dl = await download(page, w(page, 'button[data-action=export][data-what=project]'));
  assert.equal(dl.name, 'innoscore-project.json');
  const project = JSON.parse(dl.bytes.toString('utf8'));
  assert.equal(typeof project, 'object');

  const fresh = await env.page();
  await open(fresh);
  assert.deepEqual(await ranking(fresh), defaultRanking, 'a fresh browser starts from the default data');
  const msgs = await importFile(fresh, dl.file);
  assert.ok(msgs.length > 0 && !msgs.some((m) => m.error), `import should succeed: ${JSON.stringify(msgs)}`);
  assert.deepEqual(await ranking(fresh), edited, 'uCode order and Index of every row are identical after the import');
  assert.equal(await cell(fresh, 'XAM', 'RD_GDP').inputValue(), '500');
  await w(fresh, '[role=tab][data-tab=method]').click();
  assert.equal(await w(fresh, 'input[data-action=setting][data-setting=normalise][value=rank]').isChecked(), true,
    'the method settings come with the project');
});

test('a data CSV exported and imported back restores an edited cell', async () => {
  const page = await env.page();
  await open(page);
  const dl = await download(page, w(page, 'button[data-action=export][data-what=data]'));
  assert.equal(dl.name, 'innoscore-data.csv');
  assert.deepEqual(dl.bytes.subarray(0, 3), BOM, 'the CSV starts with a UTF-8 byte-order mark (for Excel/WPS)');
  const text = dl.bytes.toString('utf8');
  const { header, rows } = parseCsv(text);
  for (const col of ['uCode', 'uName', 'RD_GDP', 'HighTechEnt']) assert.ok(header.includes(col), `the CSV has a ${col} column`);
  assert.equal(rows.length, 60, '12 units x 5 years');
  assert.ok(text.includes('兴安盟'), 'Chinese unit names are kept as UTF-8');

  const exported = await cell(page, 'WH', 'RD_GDP').inputValue();
  const before = await ranking(page);
  await cell(page, 'WH', 'RD_GDP').fill('777');
  assert.equal(await cell(page, 'WH', 'RD_GDP').inputValue(), '777');
  assert.notDeepEqual(await ranking(page), before);

  const msgs = await importFile(page, dl.file);
  assert.ok(!msgs.some((m) => m.error), `import should succeed: ${JSON.stringify(msgs)}`);
  assert.equal(await cell(page, 'WH', 'RD_GDP').inputValue(), exported, 'the cell returns to the exported value');
  assert.deepEqual(await ranking(page), before, 'and the ranking to what it was');
});

test('a CSV with a non-number is refused with its line and column, and the grid is unchanged', async () => {
  const page = await env.page();
  await open(page);
  const dl = await download(page, w(page, 'button[data-action=export][data-what=data]'));
  const text = dl.bytes.toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',');
  const iCol = header.indexOf('RD_GDP');
  const iCode = header.indexOf('uCode');
  const iTime = header.indexOf('Time');
  assert.ok(iCol >= 0 && iCode >= 0 && iTime >= 0, `header: ${lines[0]}`);
  // break XAM's 2023 figure, shown in the grid, so a partial import would be visible
  const idx = lines.findIndex((l, i) => i > 0 && l.split(',')[iCode] === 'XAM' && l.split(',')[iTime] === '2023');
  assert.ok(idx > 0, 'XAM 2023 is in the export');
  const cells = lines[idx].split(',');
  cells[iCol] = '12abc';
  lines[idx] = cells.join(',');
  // and an earlier, valid change that must not be applied either
  const hhht = lines.findIndex((l, i) => i > 0 && l.split(',')[iCode] === 'HHHT' && l.split(',')[iTime] === '2023');
  const h = lines[hhht].split(',');
  h[iCol] = '1.5';
  lines[hhht] = h.join(',');
  const lineNo = idx + 1; // 1-based line of the file, the header being line 1
  const broken = outFile('broken-data.csv', `\uFEFF${lines.join('\n')}`);

  await cell(page, 'ORDOS', 'KeyLab').fill('42'); // an edit of the user's own, to be kept
  const grid = await gridValues(page);
  const rank = await ranking(page);
  const msgs = await importFile(page, broken);
  assert.ok(msgs.some((m) => m.error), `the import is refused: ${JSON.stringify(msgs)}`);
  assert.equal(await w(page, '.status p.error').count(), 1, 'the error is shown as .status p.error');
  const msg = (await w(page, '.status p.error').textContent()).trim();
  console.log(`import error shown: ${msg}`);
  assert.match(msg, /broken-data\.csv/, 'the message names the file');
  assert.match(msg, new RegExp(`(^|\\D)${lineNo}(\\D|$)`), `the message names line ${lineNo}`);
  assert.match(msg, /RD_GDP/, 'the message names the column');
  assert.match(msg, /12abc/, 'the message quotes the bad text');
  assert.deepEqual(await gridValues(page), grid, 'the grid is unchanged');
  assert.deepEqual(await ranking(page), rank, 'the ranking is unchanged');
  assert.equal(await cell(page, 'ORDOS', 'KeyLab').inputValue(), '42');
});

test('a unit name a spreadsheet would run as a formula is exported as text and imported back unchanged', async () => {
  const page = await env.page();
  await open(page);
  const formula = '=HYPERLINK("http://example.com","点击")';
  const name = w(page, 'table.grid input[data-action=unit-name][data-unit=WLCB]');
  await name.fill(formula);
  await name.press('Tab');
  const dl = await download(page, w(page, 'button[data-action=export][data-what=data]'), 'formula.csv');
  const text = dl.bytes.toString('utf8');
  assert.ok(text.includes(`"'=HYPERLINK(""http://example.com"",""点击"")"`), 'written with a leading quote, which Excel and WPS show as text');
  assert.ok(!/(^|,)"?=/m.test(text), 'no cell starts a formula');
  await name.fill('乌兰察布市');
  await name.press('Tab');
  const msgs = await importFile(page, dl.file);
  assert.ok(!msgs.some((m) => m.error), JSON.stringify(msgs));
  assert.equal(await w(page, 'table.grid input[data-action=unit-name][data-unit=WLCB]').inputValue(), formula, 'the name comes back as it was');
});
