'use strict';
// The robustness check: runs in the background with a progress bar and a cancel button,
// the page staying usable, then shows each unit's rank interval and which choice matters most.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, cell, statusMessages, withoutWorkers, workersOf } = require('../lib/harness');

const env = setup();

test('the robustness check shows progress, can be cancelled, and then shows rank intervals', async () => {
  const page = await env.page();
  // the analysis code (the scripting API in pkg/) is not part of the page's first load
  const api = [];
  page.on('request', (r) => {
    if (/\/pkg\/innoscore(_bg\.wasm|\.js)$/.test(new URL(r.url()).pathname)) api.push(new URL(r.url()).pathname);
  });
  await open(page);
  assert.deepEqual(api, [], 'the page loads without the analysis code');
  // cancel: the check stops and the button comes back
  await w(page, 'button[data-action=robust-run]').click();
  await w(page, '.robust progress').waitFor();
  await w(page, 'button[data-action=robust-cancel]').click();
  assert.equal(await w(page, '.robust progress').count(), 0, 'no progress bar after cancelling');
  assert.equal(await w(page, 'button[data-action=robust-run]').count(), 1);

  // run: the page answers while it runs (a tab can be chosen), and the result arrives
  await w(page, 'button[data-action=robust-run]').click();
  // while the analysis code loads the bar has no total; then it counts the runs
  const max = Number(await w(page, '.robust progress[max]').getAttribute('max'));
  assert.ok(max > 100, `a design of more than 100 runs (${max})`);
  await w(page, '[role=tab][data-tab=method]').click();
  assert.equal(await w(page, '[role=tab][data-tab=method]').getAttribute('aria-selected'), 'true');
  await w(page, 'svg[data-chart=robust]').waitFor({ timeout: 60000 });

  // one rank interval per unit of the year shown, around its median, from its current rank
  const rows = await w(page, '.robust figure[class] table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  const intervals = rows.filter((r) => r.length === 4);
  assert.equal(intervals.length, 12, 'one row per league or city');
  // the rank each unit has now, by its name as the ranking shows it
  const current = new Map(await w(page, 'table.ranking tbody tr[data-unit]').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td[data-col=Rank]').textContent.trim()])));
  assert.equal(current.size, 12);
  for (const [name, nominal, median, range] of intervals) {
    const [lo, hi] = range.split('–').map(Number);
    assert.ok(lo <= hi && lo >= 1 && hi <= 12, `${name}: ${range}`);
    assert.ok(Number(median) >= lo && Number(median) <= hi, `${name}: median ${median} in ${range}`);
    assert.equal(nominal, current.get(name), `${name}: the nominal rank is the rank in the ranking`);
  }
  assert.match(await w(page, '.robust .lead').textContent(), /标准化|汇总|权重|缩尾/);
  // the indices are explained in a sentence
  assert.match(await w(page, '.robust .explain').textContent(), /^总效应指数：.*一阶效应：.*0 到 1/);
  assert.equal(await w(page, 'svg[data-chart=sensitivity] rect.bar').count() > 0, true);

  // an edit makes the result stale: it is withdrawn
  await w(page, '[role=tab][data-tab=data]').click();
  await cell(page, 'XAM', 'KeyLab').fill('30');
  // withdrawn with the rest of the results, drawn in the frame after the edit's
  await w(page, 'svg[data-chart=robust]').waitFor({ state: 'detached', timeout: 2000 });
  assert.equal(await w(page, '.r-rest').getAttribute('aria-busy'), null, 'the rest of the results is drawn');
});

test('a robustness check whose code cannot be loaded says so, and the next click tries again', async () => {
  const page = await env.page();
  await page.route('**/pkg/innoscore_bg.wasm', (route) => route.abort());
  await open(page);
  await w(page, 'button[data-action=robust-run]').click();
  await w(page, '.status p.error').waitFor();
  const [message] = (await statusMessages(page)).filter((m) => m.error);
  // in Chinese throughout: the browser's own words for the failed download are not shown
  assert.equal(message.text, '稳健性分析无法运行：所需的程序未能载入或已停止运行，请检查网络后重试');
  assert.equal(await w(page, '.robust progress').count(), 0, 'no progress bar left behind');
  // the network is back: the same button now runs the check
  await page.unroute('**/pkg/innoscore_bg.wasm');
  await w(page, 'button[data-action=robust-run]').click();
  await w(page, 'svg[data-chart=robust]').waitFor({ timeout: 60000 });
});

test('the robustness check runs in a worker, the page\'s thread drawing only its progress', async () => {
  const page = await env.page();
  const workers = workersOf(page);
  await open(page);
  await w(page, 'button[data-action=robust-run]').focus();
  await page.keyboard.press('Enter');
  // the progress counts the runs the worker reports
  await page.waitForFunction(() => Number(document.querySelector('inno-scorecard#index').shadowRoot.querySelector('.robust progress[max]')?.getAttribute('value')) > 0);
  await w(page, 'svg[data-chart=robust]').waitFor({ timeout: 60000 });
  assert.deepEqual(workers, ['/innoscore-worker.js']);
  assert.equal(await w(page, '.robust figure[class] table tbody tr').count() >= 12, true);
  // cancelling a second check stops it in the worker; a third runs to the end there
  await cell(page, 'XAM', 'KeyLab').fill('30');
  await w(page, 'button[data-action=robust-run]').click();
  await w(page, 'button[data-action=robust-cancel]').click();
  assert.equal(await w(page, '.robust progress').count(), 0);
  await w(page, 'button[data-action=robust-run]').click();
  await w(page, 'svg[data-chart=robust]').waitFor({ timeout: 60000 });
  assert.deepEqual(workers, ['/innoscore-worker.js'], 'one worker for them all');
});

test('a worker that stops during a robustness check ends it with a sentence in the page\'s language', async () => {
  const page = await env.page();
  // a worker that starts a check of 100 runs, then stops with an error of its own
  await page.route('**/innoscore-worker.js', (route) => route.fulfill({
    contentType: 'text/javascript',
    body: `addEventListener('message', ({ data }) => {
      if (data.cancel) return;
      postMessage({ id: data.id, value: { total: 100 } });
      setTimeout(() => { throw new Error('the worker broke'); }, 300);
    });`,
  }));
  await open(page);
  await w(page, 'button[data-action=robust-run]').click();
  await w(page, '.robust progress[max="100"]').waitFor();
  await w(page, '.status p.error').waitFor();
  const [message] = (await statusMessages(page)).filter((m) => m.error);
  assert.equal(message.text, '稳健性分析无法运行：所需的程序未能载入或已停止运行，请检查网络后重试');
  assert.equal(await w(page, '.robust progress').count(), 0, 'no progress bar left behind');
  assert.equal(await w(page, 'table.ranking tbody tr[data-unit]').count(), 12, 'the ranking is still there');
});

test('where the browser has no module worker, the robustness check runs on the page', async () => {
  const page = await env.page();
  await withoutWorkers(page);
  await open(page);
  await w(page, 'button[data-action=robust-run]').click();
  await w(page, 'svg[data-chart=robust]').waitFor({ timeout: 60000 });
  assert.equal(await w(page, '.status p.error').count(), 0);
});
