'use strict';
// Every method choice says in one line what it does and what it means for the scores, where the
// choice is made; weights read as shares of the whole beside the slider.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open } = require('../lib/harness');

const env = setup();

test('each method choice is explained where it is made, and tied to its control', async () => {
  const page = await env.page();
  await open(page);
  await w(page, '[role=tab][data-tab=method]').click();
  const choices = await w(page, '.method input[data-action=setting]').evaluateAll((inputs) =>
    inputs.map((input) => {
      const help = input.getRootNode().getElementById(input.getAttribute('aria-describedby'));
      return { value: input.value === 'on' ? input.dataset.setting : input.value, help: help?.textContent ?? '' };
    }));
  // four normalisations, two aggregations, four imputations, the outlier treatment
  assert.equal(choices.length, 11);
  for (const { value, help } of choices) assert.ok(help.length >= 10, `${value} is explained: '${help}'`);
  const help = Object.fromEntries(choices.map((c) => [c.value, c.help]));
  assert.equal(help.geometric, '按权重相乘再开方：短处难以弥补，更看重均衡（得分须大于 0）。');
  assert.equal(help.standard, '实际值 ÷ 国家监测标准值 × 100，达标即为 100（封顶），表示离标准的距离。');
  assert.equal(new Set(Object.values(help)).size, 11, 'each explanation is its own');
});

test('weights show as shares of 100 %, and every share follows a slider moved by keyboard', async () => {
  const page = await env.page();
  await open(page);
  await w(page, '[role=tab][data-tab=method]').click();
  const shares = () => w(page, '.method .slider .share').allTextContents();
  // seven pillars of weight 1: 1/7 each
  assert.deepEqual(await shares(), Array(7).fill('占 14.3%'));
  const first = w(page, '.method input[data-action=weight]').first();
  await first.focus();
  await page.keyboard.press('ArrowRight'); // 1.0 -> 1.5 (step 0.5)
  await page.keyboard.press('ArrowRight'); // -> 2.0
  // 2 / (2 + 6) = 25 %, 1 / 8 = 12.5 %
  assert.deepEqual(await shares(), ['占 25.0%', ...Array(6).fill('占 12.5%')]);
  assert.equal(await w(page, '.method .slider output').first().textContent(), '2.0');
});
