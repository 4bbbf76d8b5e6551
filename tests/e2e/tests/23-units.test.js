'use strict';
// Every number says what it is: a grid column says what its figures are ("R&D经费（亿元）") and
// what they become; each figure divided by a denominator shows the indicator it makes; a figure
// far off for its column or its unit is flagged as a warning, not an error; the what-if panel
// and "what would it take" say the unit of the figure and the indicator it makes.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, setup, w, open, cell, ranking } = require('../lib/harness');

const env = setup();

/** A figure of the built-in data, read from data/default_iData.csv (not from the widget). */
function figure(unit, year, col) {
  const [header, ...rows] = fs.readFileSync(path.join(REPO, 'data', 'default_iData.csv'), 'utf8').trimEnd().split('\n');
  const names = header.split(',');
  const row = rows.map((r) => r.split(',')).find((r) => r[0] === unit && r[3] === String(year));
  return Number(row[names.indexOf(col)]);
}

const td = (page, unit, col) => w(page, `table.grid tr[data-unit="${unit}"] td:has(input[data-col="${col}"])`);
const heading = (page, col) => w(page, `table.grid thead th[data-col="${col}"]`);

test('a column says what its figures are and what they become', async () => {
  const page = await env.page();
  await open(page);
  const head = heading(page, 'RD_GDP');
  assert.equal(await head.locator('span').first().textContent(), 'R&D经费（亿元）');
  assert.equal(await head.locator('.unit').textContent(), '÷ 地区生产总值 × 100 = R&D经费投入强度（%）');
  // a count without a denominator: its name and unit, nothing to become
  assert.equal(await heading(page, 'KeyLab').locator('span').first().textContent(), '国家级和自治区级重点实验室数（个）');
  assert.equal(await heading(page, 'KeyLab').locator('.unit').count(), 0);
  await w(page, 'button[data-action=lang][data-lang="en"]').click();
  await w(page, 'table.grid caption').filter({ hasText: 'Raw figures' }).waitFor();
  assert.equal(await heading(page, 'RD_GDP').locator('span').first().textContent(), 'R&D expenditure (100 million yuan)');
  assert.equal(await heading(page, 'RD_GDP').locator('.unit').textContent(), '÷ Gross regional product × 100 = R&D expenditure as share of GDP (% of GDP)');
});

test('each figure divided by a denominator shows the indicator it makes, as typed', async () => {
  const page = await env.page();
  await open(page);
  // 包头 2023: R&D spending over GDP, × 100
  const [rd, gdp] = [figure('BT', 2023, 'RD_GDP'), figure('BT', 2023, 'GDP')];
  assert.deepEqual([rd, gdp], [80.64, 3908.1]);
  // 80.64 / 3908.1 * 100 = 2.0634 %
  const calc = td(page, 'BT', 'RD_GDP').locator('.cell-calc');
  assert.equal(await calc.locator('.short').textContent(), '= 2.06 %');
  assert.equal(await calc.locator('.full').textContent(), 'R&D经费投入强度 = 80.64 亿元 ÷ 3908.1 亿元 × 100 = 2.06 %');
  // the whole sum is read with the cell, and shown while it has the focus
  const described = (await cell(page, 'BT', 'RD_GDP').getAttribute('aria-describedby')).split(' ');
  assert.ok(described.includes(await calc.getAttribute('id')), described.join(' '));
  await cell(page, 'BT', 'RD_GDP').focus();
  assert.ok(await calc.locator('.full').isVisible(), 'the sum is shown in the focused cell');
  // a new GDP: 80.64 / 4000 * 100 = 2.016 %, shown at once in the cell it divides
  await cell(page, 'BT', 'GDP').fill('4000');
  assert.equal(await calc.locator('.short').textContent(), '= 2.02 %');
  // a small intensity keeps two significant digits: 1.29 / 3550.5 * 100 = 0.0363 %
  await cell(page, 'HHHT', 'RD_GDP').fill('1.29');
  assert.equal(figure('HHHT', 2023, 'GDP'), 3550.5);
  assert.equal(await td(page, 'HHHT', 'RD_GDP').locator('.cell-calc .short').textContent(), '= 0.036 %');
  // a count has nothing to compute
  assert.equal(await td(page, 'BT', 'KeyLab').locator('.cell-calc').count(), 0);
});

test('a figure far off for its unit or its column is a warning on the cell, and still scored', async () => {
  const page = await env.page();
  await open(page);
  // the intensity typed where the spending goes: 呼和浩特's R&D spending in 2019-2022 was
  // 32.25, 34.31, 39.7 and 44.5 亿元, median (34.31 + 39.7) / 2 = 37.005, 28.7 times 1.29
  assert.deepEqual([2019, 2020, 2021, 2022].map((y) => figure('HHHT', y, 'RD_GDP')), [32.25, 34.31, 39.7, 44.5]);
  const before = await ranking(page);
  await cell(page, 'HHHT', 'RD_GDP').fill('1.29');
  const hhht = td(page, 'HHHT', 'RD_GDP');
  assert.equal(await hhht.getAttribute('class'), 'doubt');
  assert.equal(await hhht.locator('.cell-msg.doubt').textContent(), '仅为本单位其他年份中位数 37.01 的 1/29：请核对单位');
  assert.equal(await cell(page, 'HHHT', 'RD_GDP').getAttribute('aria-invalid'), null, 'a warning, not an error');
  assert.notDeepEqual(await ranking(page), before, 'the figure is scored as typed');
  const note = w(page, '.results .msg.doubt');
  assert.match(await note.textContent(), /^1 个数值可能有误.*呼和浩特市（2023 年）的“R&D经费（亿元）” 1\.29$/);

  // R&D spending above GDP: 4000 / 3908.1 * 100 = 102.35 %, above 100 %
  await cell(page, 'BT', 'RD_GDP').fill('4000');
  assert.equal(
    await td(page, 'BT', 'RD_GDP').locator('.cell-msg.doubt').textContent(),
    '算得R&D经费投入强度为 102.35 %，超过 100 %：请核对本格和“地区生产总值”',
  );
  assert.match(await note.textContent(), /^2 个数值可能有误/);

  // GDP in 万元 rather than 亿元: ten thousand times the others
  await cell(page, 'WH', 'GDP').fill('9500000');
  assert.equal(await td(page, 'WH', 'GDP').getAttribute('class'), 'doubt');
  assert.match(await td(page, 'WH', 'GDP').locator('.cell-msg.doubt').textContent(), /请核对单位$/);

  // corrected, the warnings go
  await cell(page, 'HHHT', 'RD_GDP').fill(String(figure('HHHT', 2023, 'RD_GDP')));
  assert.equal(await hhht.getAttribute('class'), null);
  assert.equal(await hhht.locator('.cell-msg').count(), 0);
});

test('what-if and "what would it take" say the unit of the figure and the indicator it makes', async () => {
  const page = await env.page();
  await open(page);
  await w(page, 'select[data-action=unit]').selectOption('XAM');
  await w(page, 'details.whatif summary').click();
  // 兴安盟 2023: R&D spending 1.65 亿元 over GDP 725.6 亿元 is 0.227 %
  const [rd, gdp] = [figure('XAM', 2023, 'RD_GDP'), figure('XAM', 2023, 'GDP')];
  assert.deepEqual([rd, gdp], [1.65, 725.6]);
  const row = w(page, '.whatif tbody tr').filter({ has: page.locator('input[data-col=RD_GDP]') });
  assert.equal(await row.locator('th').textContent(), 'R&D经费（亿元）');
  assert.equal(await row.locator('td').first().textContent(), '1.65= 0.23 %');
  // a scenario figure shows its intensity as typed: 3.3 / 725.6 * 100 = 0.4548 %
  await w(page, 'input[data-action=whatif][data-col=RD_GDP]').fill('3.3');
  assert.equal(await w(page, '.whatif [data-calc-for=RD_GDP]').textContent(), '= 0.45 %');

  await w(page, '[data-action=whatif-reset]').click();
  await w(page, '#take-indicator').selectOption('RD_GDP');
  await w(page, '#take-goal').fill('11');
  await w(page, '[data-action=take-run]').click();
  const answer = await w(page, '.whatif .take').textContent();
  const m = answer.match(/^R&D经费 需要达到 ([\d.]+) 亿元（当前 1\.65 亿元）才能达到第 11 名：R&D经费投入强度将从 0\.23 % 变为 ([\d.]+) %$/);
  assert.ok(m, answer);
  // the two figures agree: the spending over GDP, × 100, to the two decimals shown
  const [spending, intensity] = [Number(m[1]), Number(m[2])];
  assert.ok(Math.abs((spending / gdp) * 100 - intensity) <= 0.006, answer);
});
