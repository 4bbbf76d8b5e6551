'use strict';
// The statistical audit (统计检验): asked for with the keyboard, it shows each pillar's
// Cronbach's alpha, weights and influence, and each pillar's correlations as a heat map with
// their flags, each figure with a sentence on what it means. The alpha shown is checked against
// one computed here, in JavaScript, from the scripting API's Aggregated data set; an edit makes
// the audit ask to be run again.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, cell, withoutWorkers, workersOf } = require('../lib/harness');

const env = setup();

/** Cronbach's alpha of the columns `codes` of `rows`: k^2 * mean off-diagonal covariance / sum of all covariances. */
function alpha(rows, codes) {
  const mean = (x) => x.reduce((a, b) => a + b, 0) / x.length;
  const cov = (a, b) => {
    const [x, y] = [rows.map((r) => r[a]), rows.map((r) => r[b])];
    const [mx, my] = [mean(x), mean(y)];
    return x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / (x.length - 1);
  };
  let all = 0;
  let diagonal = 0;
  for (const a of codes) {
    for (const b of codes) {
      const c = cov(a, b);
      all += c;
      if (a === b) diagonal += c;
    }
  }
  const k = codes.length;
  return (k * k * ((all - diagonal) / (k * (k - 1)))) / all;
}

test('the statistical audit runs from the keyboard and agrees with an alpha computed here', async () => {
  const page = await env.page();
  await open(page);
  await w(page, 'button[data-action=audit-run]').focus();
  await page.keyboard.press('Enter');
  await w(page, 'table.audit-pillars').waitFor({ timeout: 30000 });
  // the focus is on the audit's heading, from which the analyst reads on
  assert.equal(await page.evaluate(() => document.querySelector('inno-scorecard#index').shadowRoot.activeElement?.id), 'audit-title');

  const rows = await w(page, 'table.audit-pillars tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('th').textContent, ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]));
  assert.equal(rows.length, 7, 'one row per pillar of the article');
  const talent = rows.find((r) => r[0] === '科技人才');
  const reform = rows.find((r) => r[0] === '科技体制机制改革');
  assert.ok(talent && reform, JSON.stringify(rows));

  // the same alpha from the scripting API's data set of 2023, by the formula above
  const data = await page.evaluate(async () => {
    const api = await import('/innoscore-api.js');
    await api.default();
    const iMeta = api.defaultFramework();
    const out = api.score({ iData: api.defaultData(), iMeta, pipeline: api.defaultPipeline() }, { datasets: ['Aggregated'] });
    const children = (pillar) => iMeta.filter((m) => m.Parent === pillar && m.Type === 'Indicator').map((m) => m.iCode);
    return { rows: out.datasets.Aggregated.filter((r) => r.Time === 2023), talent: children('Talent'), reform: children('Reform') };
  });
  assert.equal(data.rows.length, 12);
  const expected = { talent: alpha(data.rows, data.talent), reform: alpha(data.rows, data.reform) };
  assert.equal(talent[1], expected.talent.toFixed(2), `科技人才: shown ${talent[1]}, computed ${expected.talent}`);
  // the reform pillar's indicators pull against each other: alpha below 0.7 is flagged in words
  assert.ok(reform[1].startsWith(expected.reform.toFixed(2)), `科技体制机制改革: shown ${reform[1]}, computed ${expected.reform}`);
  assert.ok(reform[1].includes('低于 0.7'), reform[1]);
  assert.ok(!talent[1].includes('低于'), talent[1]);

  // weights in per cent, rank changes in places: every number with its unit
  assert.match(talent[4], /^\d+(\.\d)?%$/);
  assert.match(talent[6], /^\d+(\.\d)? 位$/);
  // the seven pillars weigh the same under the index: each a seventh, nominal and effective
  assert.equal(talent[4], '14.3%');
  assert.equal(talent[5], '14.3%');

  // a heat map per pillar, each cell of it coloured by strength, and a sentence for each figure
  assert.equal(await w(page, 'table.heat').count(), 7);
  const cells = await w(page, 'table.heat td[class^=heat-]').evaluateAll((tds) => tds.map((td) => td.className));
  assert.ok(cells.length > 50 && cells.every((c) => /^heat-(none|self|[1-5])( flagged)?$/.test(c)), cells.slice(0, 5).join(' '));
  const explained = await w(page, 'section.audit p.explain').count();
  assert.equal(explained, 5, 'alpha, PC1, weights, removal and the heat map are explained');

  // an edit makes the audit of other figures go: the button is back
  await cell(page, 'HHHT', 'KeyLab').fill('99');
  await w(page, 'button[data-action=audit-run]').waitFor();
  assert.equal(await w(page, 'table.audit-pillars').count(), 0);
});

test('the statistical audit says so when the analysis code cannot be loaded, and keeps the page', async () => {
  const page = await env.page();
  await page.route('**/pkg/innoscore_bg.wasm', (route) => route.abort());
  await open(page);
  await w(page, 'button[data-action=audit-run]').click();
  const message = w(page, '.status p.error');
  await message.waitFor({ timeout: 30000 });
  assert.equal(await message.textContent(), '统计检验未能完成：所需的程序未能载入或已停止运行，请检查网络后重试');
  assert.equal(await w(page, 'button[data-action=audit-run]').count(), 1, 'the button is back to try again');
  assert.equal(await w(page, 'table.ranking tbody tr[data-unit]').count(), 12, 'the ranking is still there');
});

test('the statistical audit runs in a worker, off the page\'s main thread', async () => {
  const page = await env.page();
  const workers = workersOf(page);
  await open(page);
  await w(page, 'button[data-action=audit-run]').click();
  await w(page, 'table.audit-pillars').waitFor({ timeout: 30000 });
  assert.deepEqual(workers, ['/innoscore-worker.js']);
  assert.equal(await w(page, 'table.audit-pillars tbody tr').count(), 7);
  // a second audit (after an edit) asks the same worker
  await cell(page, 'HHHT', 'KeyLab').fill('99');
  await w(page, 'button[data-action=audit-run]').click();
  await w(page, 'table.audit-pillars').waitFor({ timeout: 30000 });
  assert.deepEqual(workers, ['/innoscore-worker.js']);
});

test('where the browser has no module worker, the statistical audit runs on the page', async () => {
  const page = await env.page();
  await withoutWorkers(page);
  const workers = workersOf(page);
  await open(page);
  await w(page, 'button[data-action=audit-run]').click();
  await w(page, 'table.audit-pillars').waitFor({ timeout: 30000 });
  assert.equal(await w(page, 'table.audit-pillars tbody tr').count(), 7);
  assert.deepEqual(workers, []);
  assert.equal(await w(page, '.status p.error').count(), 0);
});
