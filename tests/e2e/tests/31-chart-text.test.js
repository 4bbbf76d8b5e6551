'use strict';
// Charts are laid out for the width they are shown at: their text is at least 12 px on a desk
// and on a phone, and 16 px in elder mode; no label overlaps another or leaves its chart; the
// pillars' trends are small multiples, one small chart per pillar; and a phone turned or a
// window resized draws the charts again for their new width.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open } = require('../lib/harness');

const env = setup();

const PILLARS = ['研发投入', '科技供给和成果转化', '企业创新主体', '创新平台载体', '科技人才', '科技体制机制改革', '开放合作'];

/**
 * Every chart's texts as drawn: { chart, texts: [{ text, px, box }] }, where px is the size on
 * screen (the computed size times the chart's scale) and box the text's box in the chart's own
 * units, with the chart's viewBox.
 */
const chartTexts = (page) => w(page, 'svg.chart').evaluateAll((svgs) => svgs.map((svg) => {
  const scale = svg.getScreenCTM().a;
  const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
  const texts = [...svg.querySelectorAll('text')].map((t) => {
    const b = t.getBBox();
    return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, box: [b.x, b.y, b.x + b.width, b.y + b.height] };
  });
  return { chart: svg.dataset.chart, width, height, texts };
}));

function checkCharts(charts, least, where) {
  assert.ok(charts.length >= 4, `${where}: ${charts.length} charts`);
  for (const { chart, width, height, texts } of charts) {
    assert.ok(texts.length > 0, `${where}: ${chart} has no text`);
    for (const t of texts) {
      assert.ok(t.px >= least - 0.01, `${where}: "${t.text}" in ${chart} is ${t.px.toFixed(1)} px, under ${least}`);
      const [x0, y0, x1, y1] = t.box;
      assert.ok(x0 >= -0.5 && y0 >= -0.5 && x1 <= width + 0.5 && y1 <= height + 0.5, `${where}: "${t.text}" in ${chart} leaves the chart: ${t.box.map(Math.round)} in ${width}x${height}`);
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const [a, b] = [texts[i].box, texts[j].box];
        const overlap = Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5;
        assert.ok(!overlap, `${where}: in ${chart}, "${texts[i].text}" overlaps "${texts[j].text}"`);
      }
    }
  }
}

for (const [name, viewport] of [['1280x900', { width: 1280, height: 900 }], ['390x844', { width: 390, height: 844 }]]) {
  test(`at ${name} chart text is at least 12 px, and 16 px in elder mode, and no label overlaps another`, async () => {
    const page = await env.page({ viewport });
    await open(page);
    checkCharts(await chartTexts(page), 12, `${name}, normal type`);
    await w(page, '[data-action=elder]').click();
    await w(page, 'svg[data-chart=radar]').waitFor();
    checkCharts(await chartTexts(page), 16, `${name}, elder mode`);
  });
}

test('the pillars over the years are small multiples: one panel per pillar, each named, unit against average', async () => {
  const page = await env.page();
  await open(page);
  const panels = w(page, 'svg[data-chart=trend-pillars] text.panel-title');
  assert.deepEqual(await panels.evaluateAll((ts) => ts.map((t) => t.textContent)), PILLARS);
  // each panel has the unit's line and the average's: 7 of each
  assert.equal(await w(page, 'svg[data-chart=trend-pillars] polyline.trend.unit').count(), 7);
  assert.equal(await w(page, 'svg[data-chart=trend-pillars] polyline.trend.average').count(), 7);
  // at 1280 px four panels go in a row: the first four share their top
  const tops = await panels.evaluateAll((ts) => ts.map((t) => Math.round(t.getBBox().y)));
  assert.equal(new Set(tops.slice(0, 4)).size, 1, `panel tops ${tops}`);
  assert.ok(tops[4] > tops[0], `panel tops ${tops}`);
});

test('a window made narrow draws the charts again for their width, the focus kept', async () => {
  const page = await env.page();
  await open(page);
  const viewBoxWidth = () => w(page, 'svg[data-chart=radar]').evaluate((svg) => Number(svg.getAttribute('viewBox').split(' ')[2]));
  assert.equal(await viewBoxWidth(), 760);
  await w(page, '#unit-select').focus();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => {
    const svg = document.querySelector('#index').shadowRoot.querySelector('svg[data-chart=radar]');
    return Number(svg.getAttribute('viewBox').split(' ')[2]) < 390;
  });
  checkCharts(await chartTexts(page), 12, 'after the resize');
  assert.equal(await page.evaluate(() => document.querySelector('#index').shadowRoot.activeElement?.id), 'unit-select');
});
