'use strict';
// Figures as analysts type them: "1,234", full-width digits, blanks, and "12.5%" in a column in
// %, are read, and the cell says what it read; a comma that does not group thousands, and a
// percent sign in a column not in %, are errors on the cell.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, cell, ranking } = require('../lib/harness');

const env = setup();

const note = (page, unit, col) => w(page, `table.grid tr[data-unit="${unit}"] td:has(input[data-col="${col}"]) .cell-msg`);

test('commas, full-width digits and a percent sign are read, and the cell says as what', async () => {
  const page = await env.page();
  await open(page);
  await cell(page, 'BT', 'GDP').fill('4,123.5');
  const plain = await ranking(page);
  assert.equal(await note(page, 'BT', 'GDP').textContent(), '读作 4123.5');
  assert.equal(await cell(page, 'BT', 'GDP').getAttribute('aria-invalid'), null);
  await cell(page, 'BT', 'GDP').fill('４１２３．５');
  assert.equal(await note(page, 'BT', 'GDP').textContent(), '读作 4123.5');
  await cell(page, 'BT', 'GDP').fill('4123.5');
  assert.equal(await note(page, 'BT', 'GDP').count(), 0, 'a plain figure needs no note');
  assert.deepEqual(await ranking(page), plain, 'each form scores as the plain figure');
  // HighTechVA is in %
  await cell(page, 'BT', 'HighTechVA').fill('12.5%');
  assert.equal(await note(page, 'BT', 'HighTechVA').textContent(), '读作 12.5');
});

test('an ambiguous comma or a percent sign in a column not in % is an error on the cell', async () => {
  const page = await env.page();
  await open(page);
  await cell(page, 'BT', 'GDP').fill('4123,5');
  assert.equal(await cell(page, 'BT', 'GDP').getAttribute('aria-invalid'), 'true');
  assert.match(await note(page, 'BT', 'GDP').textContent(), /“4123,5”不是数字/);
  await cell(page, 'BT', 'GDP').fill('12%');
  assert.match(await note(page, 'BT', 'GDP').textContent(), /“12%”带有 %，但此列的单位不是 %/);
});
