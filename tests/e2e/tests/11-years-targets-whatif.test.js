'use strict';
// Years, targets and what-if: the change since the year before, the unit's trend, its
// progress towards each target, a scenario that leaves the data alone, and "what would it take".
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking, cell } = require('../lib/harness');

const env = setup();

test('the ranking shows the change since the year before, and the unit its trend and targets', async () => {
  const page = await env.page();
  await open(page);
  const changes = await w(page, 'table.ranking td[data-col=change]').allTextContents();
  assert.equal(changes.length, 12);
  for (const c of changes) assert.match(c, /^[+-]\d+\.\d( [=↑↓]\d*)?/, c);
  // the first year has nothing to compare with
  await w(page, 'select[data-action=year][data-place=results]').selectOption('2019');
  assert.equal(await w(page, 'table.ranking td[data-col=change]').count(), 0);
  await w(page, 'select[data-action=year][data-place=results]').selectOption('2023');

  await w(page, 'select[data-action=unit]').selectOption('XAM');
  // five years in the trend, one point for the unit and one for the average in each
  assert.equal(await w(page, 'svg[data-chart=trend] circle.point.unit').count(), 5);
  assert.equal(await w(page, 'svg[data-chart=trend] circle.point.average').count(), 5);
  // and the seven pillars over the same years, one line each
  assert.equal(await w(page, 'svg[data-chart=trend-pillars] polyline.trend.unit').count(), 7);
  // every indicator of the default framework has a target: 25 rows, each with a meter
  const meters = w(page, '.targets meter');
  assert.equal(await meters.count(), 25);
  // R&D intensity: XAM's figure over its target, as a percentage of it
  const rd = await w(page, '.targets tbody tr').first().locator('td').allTextContents();
  const [value, target] = [parseFloat(rd[0]), parseFloat(rd[1])];
  assert.equal(target, 2.5, 'the 监测标准 of R&D intensity');
  assert.equal(parseFloat(rd[2]), Math.round((value / target) * 100));
});

test('a scenario changes the outcome shown but not the data, and "what would it take" is right', async () => {
  const page = await env.page();
  await open(page);
  const before = await ranking(page);
  await w(page, 'select[data-action=unit]').selectOption('XAM');
  await w(page, 'details.whatif summary').click();
  const outcome = w(page, '.whatif .outcome').first();
  assert.match(await outcome.textContent(), /第 12 名.*第 12 名/);
  await w(page, 'input[data-action=whatif][data-col=KeyLab]').fill('500');
  const text = await outcome.textContent();
  const [scenarioRank] = text.match(/第 (\d+) 名/).slice(1).map(Number);
  assert.ok(scenarioRank < 12, text);
  assert.deepEqual(await ranking(page), before, 'the ranking (the data) is unchanged');
  assert.equal(await cell(page, 'XAM', 'KeyLab').inputValue(), '2', 'the grid keeps the real figure');

  // goal seeking: the value it gives reaches the goal rank when tried as a scenario
  await w(page, '[data-action=whatif-reset]').click();
  await w(page, '#take-indicator').selectOption('KeyLab');
  await w(page, '#take-goal').fill('11');
  await w(page, '[data-action=take-run]').click();
  const answer = await w(page, '.whatif .take').textContent();
  const needed = Number(answer.match(/需要达到 ([\d.]+)/)[1]);
  assert.ok(needed > 2, answer);
  // laboratories come whole: the least whole number that does it, and one fewer does not
  assert.ok(Number.isInteger(needed), `a whole number of laboratories: ${answer}`);
  await w(page, 'input[data-action=whatif][data-col=KeyLab]').fill(String(needed));
  assert.match(await outcome.textContent(), /^情景：综合指数 [\d.]+（第 (1[01]|[1-9]) 名）/);
  await w(page, 'input[data-action=whatif][data-col=KeyLab]').fill(String(needed - 1));
  assert.match(await outcome.textContent(), /^情景：综合指数 [\d.]+（第 12 名）/);

  // a goal score instead of a rank: 14 is above XAM's 12.6, reachable through key laboratories
  await w(page, '[data-action=whatif-reset]').click();
  await w(page, '#take-kind').selectOption('score');
  await w(page, '#take-goal').fill('14');
  await w(page, '[data-action=take-run]').click();
  const byScore = await w(page, '.whatif .take').textContent();
  const value = Number(byScore.match(/需要达到 ([\d.]+)/)[1]);
  await w(page, 'input[data-action=whatif][data-col=KeyLab]').fill(String(value + 0.01));
  const reached = Number((await outcome.textContent()).match(/^情景：综合指数 ([\d.]+)/)[1]);
  assert.ok(reached >= 14, `index ${reached} at KeyLab ${value}`);
});

test('a what-if figure that is not a number is an error on its cell, not a silent "missing"', async () => {
  const page = await env.page();
  await open(page);
  await w(page, 'select[data-action=unit]').selectOption('XAM');
  await w(page, 'details.whatif summary').click();
  const outcome = w(page, '.whatif .outcome').first();
  const input = w(page, 'input[data-action=whatif][data-col=KeyLab]');
  await input.fill('abc');
  assert.equal(await outcome.textContent(), '“国家级和自治区级重点实验室数”的情景数值无法使用（“abc”不是数字）：请先改正，再看结果');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(await outcome.getAttribute('class'), 'outcome error');
  // a count below zero too
  await input.fill('-2');
  assert.equal(await outcome.textContent(), '“国家级和自治区级重点实验室数”的情景数值无法使用（个数不能为负（-2））：请先改正，再看结果');
  // corrected, the outcome is scored again and the mark goes
  await input.fill('500');
  assert.match(await outcome.textContent(), /^情景：综合指数 [\d.]+（第 \d+ 名）；当前：[\d.]+（第 12 名）$/);
  assert.equal(await input.getAttribute('aria-invalid'), null);
  assert.equal(await outcome.getAttribute('class'), 'outcome');
});
