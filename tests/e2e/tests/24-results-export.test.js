'use strict';
// The results exported as CSV read as the screen does: the same names, units in the headings, in
// the interface language, numbers rounded as shown; a second export keeps full precision.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking, download } = require('../lib/harness');

const env = setup();

/** Parses exported CSV: its text has no quoted commas (names, numbers, headings). */
function parseCsv(bytes) {
  const lines = bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',');
  return { header, rows: lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v]))) };
}

const PILLARS = ['研发投入', '科技供给和成果转化', '企业创新主体', '创新平台载体', '科技人才', '科技体制机制改革', '开放合作'];

test('the results CSV has the names, units and rounding of the screen, every year', async () => {
  const page = await env.page();
  await open(page);
  const shown = await ranking(page);
  const dl = await download(page, w(page, 'button[data-action=export][data-what=results]'));
  assert.equal(dl.name, 'innoscore-results.csv');
  assert.deepEqual(dl.bytes.subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]), 'a byte-order mark, for Excel and WPS');
  const { header, rows } = parseCsv(dl.bytes);
  assert.deepEqual(header, [
    '年份', '排名', '代码', '盟市', '创新驱动发展指数（分）', '较上年变化（分）', '排名较上年上升（位）',
    ...PILLARS.flatMap((p) => [`${p}（分）`, `${p}排名`]),
  ]);
  assert.equal(rows.length, 60, '12 leagues and cities in 5 years');
  // the year shown, in the order of rank, reads as the ranking on screen
  const y2023 = rows.filter((r) => r['年份'] === '2023');
  const names = await w(page, 'table.ranking tbody tr[data-unit] th').allTextContents();
  assert.deepEqual(y2023.map((r) => ({ unit: r['代码'], rank: r['排名'], index: r['创新驱动发展指数（分）'] })), shown);
  assert.deepEqual(y2023.map((r) => r['盟市']), names);
  // each pillar's score and rank as in the ranking's cells, "56.1 (3)"
  const first = w(page, `table.ranking tbody tr[data-unit="${y2023[0]['代码']}"]`);
  for (const p of PILLARS) {
    const text = await first.locator('td').filter({ has: page.locator('span.rank') }).nth(PILLARS.indexOf(p)).textContent();
    assert.equal(text, `${y2023[0][`${p}（分）`]} (${y2023[0][`${p}排名`]})`, p);
  }
  // the change since 2022: this year's index less last year's, to the decimal shown on screen
  for (const r of y2023) {
    const before = rows.find((b) => b['年份'] === '2022' && b['代码'] === r['代码']);
    const change = Number(r['较上年变化（分）']);
    assert.ok(Math.abs(change - (Number(r['创新驱动发展指数（分）']) - Number(before['创新驱动发展指数（分）']))) <= 0.1 + 1e-9, r['代码']);
    assert.equal(Number(r['排名较上年上升（位）']), Number(before['排名']) - Number(r['排名']), r['代码']);
    const cellText = await w(page, `table.ranking tbody tr[data-unit="${r['代码']}"] td[data-col=change]`).textContent();
    assert.ok(cellText.startsWith(`${change >= 0 ? '+' : ''}${change.toFixed(1)}`), `${r['代码']}: ${cellText}`);
  }
  // the first year has no change to show
  assert.equal(rows.find((r) => r['年份'] === '2019')['较上年变化（分）'], '');
});

test('the full-precision export keeps every digit and the codes scripts use', async () => {
  const page = await env.page();
  await open(page);
  const shown = parseCsv((await download(page, w(page, 'button[data-action=export][data-what=results]'))).bytes).rows;
  const dl = await download(page, w(page, 'button[data-action=export][data-what="results-full"]'));
  assert.equal(dl.name, 'innoscore-results-full.csv');
  const full = parseCsv(dl.bytes).rows;
  assert.equal(full.length, 60);
  assert.ok(full.some((r) => /\.\d{3,}/.test(r.Index)), 'more decimals than the screen shows');
  for (const r of full) {
    const s = shown.find((x) => x['代码'] === r.uCode && x['年份'] === r.Time);
    assert.equal(Number(r.Index).toFixed(1), s['创新驱动发展指数（分）'], `${r.uCode} ${r.Time}`);
  }
});

test('in English, the headings and names are English', async () => {
  const page = await env.page();
  await open(page);
  await w(page, 'button[data-action=lang][data-lang="en"]').click();
  await w(page, 'table.grid caption').filter({ hasText: 'Raw figures' }).waitFor();
  const { header, rows } = parseCsv((await download(page, w(page, 'button[data-action=export][data-what=results]'))).bytes);
  assert.deepEqual(header.slice(0, 7), [
    'Year', 'Rank', 'Code', 'League/city', 'Innovation-driven development index (Score)',
    'Change since the year before (Score)', 'Places moved up since the year before',
  ]);
  assert.equal(header[7], 'R&D investment (Score)');
  assert.ok(rows.some((r) => r['League/city'] === 'Hohhot'), 'units by their English names');
});
