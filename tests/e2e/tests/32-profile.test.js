'use strict';
// A profile of each unit, as the European Innovation Scoreboard gives every country: its index
// and rank, its performance group by the index as a share of the average (thresholds stated),
// each pillar against the average and the best, and one A4 page when printed, in both languages.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, UNITS } = require('../lib/harness');

const env = setup();

/** The ranking as shown: per unit, its index and its pillar scores (in pillar order). */
const shownRanking = (page) => w(page, 'table.ranking tbody tr[data-unit]').evaluateAll((rows) => rows.map((tr) => ({
  unit: tr.dataset.unit,
  name: tr.querySelector('th').textContent,
  rank: Number(tr.querySelector('td[data-col=Rank]').textContent),
  index: Number(tr.querySelector('td.index').textContent),
  // the pillar cells follow the change column: "74.7 (2)"
  pillars: [...tr.querySelectorAll('td')].slice(3).map((td) => Number(td.firstChild.textContent)),
})));

/** The group the EIS thresholds give an index at `share` % of the average. */
function groupOf(share) {
  if (share >= 125) return '领先';
  if (share >= 100) return '较强';
  if (share >= 70) return '中等';
  return '追赶';
}

test('each unit\'s profile gives its rank, its performance group by the stated thresholds, and each pillar against the average and the best', async () => {
  const page = await env.page();
  await open(page);
  const rows = await shownRanking(page);
  assert.equal(rows.length, 12);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const average = mean(rows.map((r) => r.index));
  for (const unit of ['HHHT', 'BT', 'WH', 'ALS']) {
    await w(page, '#unit-select').selectOption(unit);
    const row = rows.find((r) => r.unit === unit);
    const lead = await w(page, '.standing .lead').textContent();
    assert.ok(lead.startsWith(`${row.name}综合指数 ${row.index.toFixed(1)} 分，在 12 个盟市中排第 ${row.rank} 位`), lead);
    // the share from the rounded figures on screen, within their rounding
    const share = row.index / average * 100;
    const said = Number(lead.match(/为平均水平的 (\d+)%/)[1]);
    assert.ok(Math.abs(said - share) < 1.5, `${unit}: said ${said}%, the ranking gives ${share.toFixed(1)}%`);
    const group = await w(page, '.standing .group').textContent();
    assert.equal(group, `绩效分组：${groupOf(share)}`, `${unit} at ${share.toFixed(1)}%`);
    assert.match(await w(page, '.standing .notice').textContent(), /125% 及以上为“领先”，100%–125% 为“较强”，70%–100% 为“中等”，70% 以下为“追赶”/);

    // each pillar: the unit's score, its rank, the average and the best of the 12, with who
    const table = await w(page, '.pillars tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.equal(table.length, 7);
    table.forEach(([, score, rank, avg, best], k) => {
      const column = rows.map((r) => r.pillars[k]);
      assert.equal(Number(score), row.pillars[k], `${unit} pillar ${k}`);
      assert.equal(Number(rank), 1 + column.filter((v) => v > row.pillars[k]).length, `${unit} pillar ${k} rank`);
      assert.ok(Math.abs(Number(avg) - mean(column)) < 0.06, `${unit} pillar ${k}: average ${avg}, the ranking gives ${mean(column)}`);
      const top = Math.max(...column);
      const leader = rows.find((r) => r.pillars[k] === top).name;
      assert.equal(best, `${top.toFixed(1)} (${leader})`);
    });
    // the radar draws the unit, the average and the best
    assert.equal(await w(page, 'svg[data-chart=radar] polygon.series').count(), 3);
  }
});

test('two units side by side: index, pillars and ranks of each, and the difference, chosen by keyboard', async () => {
  const page = await env.page();
  await open(page);
  const rows = await shownRanking(page);
  const [hhht, bt] = ['HHHT', 'BT'].map((u) => rows.find((r) => r.unit === u));
  assert.equal(await w(page, '.comparison').count(), 0);
  // the first unit after "(不比较)" in the ranking's order is 包头市
  await w(page, '#compare-select').focus();
  await page.keyboard.press('ArrowDown');
  await w(page, '.comparison').waitFor();
  assert.equal(await w(page, '#compare-select').evaluate((s) => s.getRootNode().activeElement === s), true);
  assert.equal(await w(page, '#compare-select').inputValue(), 'BT');
  const table = await w(page, '.comparison tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  // the difference of the unrounded scores: within 0.1 of that of the rounded ones shown
  assert.deepEqual(table[0].slice(0, 3), ['综合指数', `${hhht.index.toFixed(1)} (${hhht.rank})`, `${bt.index.toFixed(1)} (${bt.rank})`]);
  assert.ok(table[0][3].startsWith('+') && Math.abs(Number(table[0][3]) - (hhht.index - bt.index)) < 0.11, table[0][3]);
  assert.equal(table.length, 8);
  table.slice(1).forEach(([, a, b, gap], k) => {
    assert.equal(Number(a.split(' ')[0]), hhht.pillars[k]);
    assert.equal(Number(b.split(' ')[0]), bt.pillars[k]);
    assert.ok(Math.abs(Number(gap) - (hhht.pillars[k] - bt.pillars[k])) < 0.11, `pillar ${k}: ${gap}`);
  });
  // the radar draws the other unit too, named in its legend
  assert.equal(await w(page, 'svg[data-chart=radar] polygon.series.other').count(), 1);
  assert.ok((await w(page, 'svg[data-chart=radar] text.label').allTextContents()).includes('包头市'));
  // and "(不比较)" takes it away
  await w(page, '#compare-select').selectOption('');
  assert.equal(await w(page, '.comparison').count(), 0);
});

test('progress to targets: a figure with its unit, a missing one a dash alone', async () => {
  const page = await env.page();
  await open(page);
  await w(page, '#unit-select').selectOption('WH');
  const cells = (name) => w(page, '.targets tbody tr').filter({ hasText: name }).locator('td').allTextContents();
  // 乌海市 has no 2023 figure for the 草原英才 programme
  assert.deepEqual(await cells('草原英才'), ['—', '60 人次', ' —']);
  assert.match((await cells('R&D经费投入强度'))[0], /^[\d.]+ %$/);
});

test('under z-scores the profile says why there is no performance group', async () => {
  const page = await env.page();
  await open(page);
  await w(page, '[role=tab][data-tab=method]').click();
  await w(page, 'input[data-action=setting][data-setting=normalise][value=zscore]').check();
  assert.equal(await w(page, '.standing .group').count(), 0);
  assert.match(await w(page, '.standing .notice').textContent(), /需要 0–100 分的得分/);
});

test('the print button prints the profile laid out for paper, by keyboard, and gives the focus back', async () => {
  const page = await env.page();
  await open(page);
  // what the page looks like at the moment it prints
  await page.evaluate(() => {
    window.print = () => {
      const host = document.querySelector('#index');
      const radar = host.shadowRoot.querySelector('svg[data-chart=radar]');
      window.printed = { mark: host.getAttribute('data-print'), width: Number(radar.getAttribute('viewBox').split(' ')[2]), font: radar.getAttribute('font-size') };
    };
  });
  await w(page, '[data-action=print-profile]').focus();
  await page.keyboard.press('Enter');
  // half an A4 page's width within its margins, in 10 px text
  assert.deepEqual(await page.evaluate(() => window.printed), { mark: 'profile', width: 351, font: '10.0' });
  assert.equal(await w(page, '[data-action=print-profile]').evaluate((b) => b.getRootNode().activeElement === b), true);
  assert.equal(await page.locator('#index').getAttribute('data-print'), null);
  assert.equal(await w(page, 'svg[data-chart=radar]').evaluate((svg) => Number(svg.getAttribute('viewBox').split(' ')[2])), 760);
});

for (const lang of ['zh-CN', 'en']) {
  test(`every unit's profile prints on one A4 page (${lang})`, async () => {
    const page = await env.page();
    await open(page);
    if (lang === 'en') {
      await w(page, '[data-action=lang][data-lang=en]').click();
      await w(page, '.standing .lead').filter({ hasText: 'ranked' }).waitFor();
    }
    // the demo page keeps its own content off the paper while a profile prints (demo.css)
    await page.evaluate(() => document.querySelector('#index').setAttribute('data-print', 'profile'));
    for (const unit of UNITS) {
      await w(page, '#unit-select').selectOption(unit);
      const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
      const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.equal(pages, 1, `${unit}'s profile takes ${pages} pages`);
    }
    // what goes on paper is the profile, not the ranking nor the editors
    await page.emulateMedia({ media: 'print' });
    assert.equal(await w(page, '.unit-block').isVisible(), true);
    for (const hidden of ['table.ranking', '.tabs', '.whatif', '.profile-head']) {
      assert.equal(await w(page, hidden).first().isVisible(), false, `${hidden} is printed`);
    }
  });
}

test('an edit redraws the ranking in its own frame and the profile in the next, with the figures of the edit', async () => {
  const page = await env.page();
  await open(page);
  await w(page, '#unit-select').selectOption('XAM');
  const indexOf = async () => Number(await w(page, 'table.ranking tr[data-unit=XAM] td.index').textContent());
  const before = await indexOf();
  // the input event and what it drew at once, in one task: the ranking is new, the rest waits
  const atOnce = await page.evaluate(() => {
    const root = document.querySelector('#index').shadowRoot;
    const input = root.querySelector('table.grid tr[data-unit="XAM"] input[data-action=cell][data-col="KeyLab"]');
    input.value = '999999';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    return {
      index: Number(root.querySelector('table.ranking tr[data-unit=XAM] td.index').textContent),
      busy: root.querySelector('.r-rest').getAttribute('aria-busy'),
    };
  });
  assert.ok(atOnce.index > before, `the ranking is redrawn with the edit at once (${before} -> ${atOnce.index})`);
  assert.equal(atOnce.busy, 'true', 'the rest of the results is marked as being updated');
  // the frame after: the profile is drawn again, with the new index
  await page.waitForFunction(() => !document.querySelector('#index').shadowRoot.querySelector('.r-rest').hasAttribute('aria-busy'));
  const lead = await w(page, '.standing .lead').textContent();
  assert.ok(lead.includes(`综合指数 ${atOnce.index.toFixed(1)} 分`), `the profile has the new index ${atOnce.index}: ${lead}`);
});
