'use strict';
// On a wide scorecard the pillars' weights sit beside the bars of the index, as the OECD Better
// Life Index keeps its sliders beside its chart: all 12 bars in view while a slider moves, the
// bars redrawn at each step, the slider keeping the focus, and the method tab's slider the same.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking } = require('../lib/harness');

const env = setup();

/** The bars as drawn: [{ name, value }] from the top. */
const bars = (page) => w(page, 'svg[data-chart=bar]').evaluate((svg) => {
  const names = [...svg.querySelectorAll('text.label')].map((t) => t.textContent);
  const values = [...svg.querySelectorAll('text.value')].map((t) => t.textContent);
  return names.map((name, i) => ({ name, value: values[i] }));
});

test('at 1280x900 the weights are beside the bars, all 12 in view, and a slider moved by keyboard redraws them', async () => {
  const page = await env.page();
  await open(page);
  const slider = w(page, 'aside.weights input[data-action=weight][data-code=RDInvest]');
  await slider.scrollIntoViewIfNeeded();
  const [aside, chart] = [await w(page, 'aside.weights').boundingBox(), await w(page, 'svg[data-chart=bar]').boundingBox()];
  assert.ok(aside.x >= chart.x + chart.width, `the weights (x ${aside.x}) are not beside the bars (to ${chart.x + chart.width})`);
  assert.ok(aside.y < chart.y + chart.height && chart.y < aside.y + aside.height, 'the weights and the bars do not sit side by side');
  const before = await bars(page);
  assert.equal(before.length, 12);

  await slider.focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight'); // 1.0 -> 5.0
  // the slider keeps the focus through every redraw
  assert.equal(await page.evaluate(() => document.querySelector('#index').shadowRoot.activeElement?.id), 'w-aside-RDInvest');
  assert.equal(await w(page, 'aside.weights output[data-for=RDInvest]').textContent(), '5.0');
  // 5 / (5 + 6) of the index
  assert.equal(await w(page, 'aside.weights [data-share-for=RDInvest]').textContent(), '占 45.5%');
  // every bar in view, redrawn: the bars are the ranking as it now stands
  const viewport = page.viewportSize();
  const inView = await w(page, 'svg[data-chart=bar] rect.bar').evaluateAll((rects, h) => rects.every((r) => {
    const b = r.getBoundingClientRect();
    return b.top >= 0 && b.bottom <= h;
  }), viewport.height);
  assert.equal(inView, true, 'some bars are out of view beside the sliders');
  const after = await bars(page);
  assert.notDeepEqual(after, before);
  const table = await ranking(page);
  assert.deepEqual(after.map((b) => b.value), table.map((r) => r.index));

  // the method tab's slider is the same weight
  await w(page, '[role=tab][data-tab=method]').click();
  assert.equal(await w(page, '.method input[data-action=weight][data-code=RDInvest]').inputValue(), '5');
  assert.equal(await w(page, '.method output[data-for=RDInvest]').textContent(), '5.0');
  // each arrow press is a change the browser commits, and a step undone apart
  await w(page, '[data-action=undo]').click();
  assert.equal(await w(page, 'aside.weights input[data-code=RDInvest]').inputValue(), '4.5');
  for (let i = 0; i < 7; i++) await w(page, '[data-action=undo]').click();
  assert.equal(await w(page, 'aside.weights input[data-code=RDInvest]').inputValue(), '1');
  assert.deepEqual(await bars(page), before);
});

test('the method tab\'s slider moves the one beside the bars', async () => {
  const page = await env.page();
  await open(page);
  await w(page, '[role=tab][data-tab=method]').click();
  await w(page, '.method input[data-action=weight][data-code=Talent]').focus();
  await page.keyboard.press('ArrowLeft'); // 1.0 -> 0.5
  assert.equal(await w(page, 'aside.weights input[data-code=Talent]').inputValue(), '0.5');
  assert.equal(await w(page, 'aside.weights output[data-for=Talent]').textContent(), '0.5');
});

test('on a phone the weights are in the method tab alone', async () => {
  const page = await env.page({ viewport: { width: 390, height: 844 } });
  await open(page);
  assert.equal(await w(page, 'aside.weights').isVisible(), false);
  await w(page, '[role=tab][data-tab=method]').click();
  assert.equal(await w(page, '.method input[data-action=weight]').count(), 7);
});
