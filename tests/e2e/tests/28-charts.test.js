'use strict';
// Charts that hold for every method: under z-scores (around 0, some below) the radar and trend
// charts take the scale of their values, with zero marked, instead of shrinking to a dot on a
// scale of 0 to 100; min-max scores keep 0 to 100, so that charts of any unit or year compare.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open } = require('../lib/harness');

const env = setup();

/** The share of the radar's outer ring that the unit's polygon spans, across. */
const radarSpan = (page) => w(page, 'svg[data-chart=radar]').evaluate((svg) => {
  const outer = [...svg.querySelectorAll('polygon.grid')].map((p) => p.getBBox().width).reduce((a, b) => Math.max(a, b), 0);
  return svg.querySelector('polygon.series.unit').getBBox().width / outer;
});

test('under z-scores the radar and the trend keep a readable scale, zero marked', async () => {
  const page = await env.page();
  await open(page);
  const minmax = await radarSpan(page);
  assert.ok(minmax > 0.5, `呼和浩特市 spans ${minmax} of the radar under min-max`);
  // min-max scores stay on 0 to 100: the trend's axis says so
  assert.deepEqual(await w(page, 'svg[data-chart=trend] text.value').evaluateAll((t) => t.slice(0, 3).map((e) => e.textContent)), ['0.0', '50.0', '100.0']);

  await w(page, '[role=tab][data-tab=method]').click();
  await w(page, 'input[data-action=setting][data-setting=normalise][value=zscore]').check();
  // 呼和浩特市's z-scores are around 2 to 3: on a scale of 0 to 100 they were a dot
  const z = await radarSpan(page);
  assert.ok(z > 0.5, `呼和浩特市 spans ${z} of the radar under z-scores`);
  // the average index is below zero in the first years: zero is marked, and the axis comes
  // from the values, not from 0 to 100
  assert.equal(await w(page, 'svg[data-chart=trend] line.zero').count(), 1);
  const axis = await w(page, 'svg[data-chart=trend] text.value').evaluateAll((t) => t.slice(0, 3).map((e) => Number(e.textContent)));
  assert.ok(axis[0] < 0 && axis[2] < 10, `the axis runs ${axis}`);
});
