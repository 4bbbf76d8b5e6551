'use strict';
// Results first (issue 11, its first part): the ranking is in the first viewport at 1280x900,
// under a sentence saying who leads and by how much, and a handful of Tab presses reach it; the
// sample-data notice stands at the top while the built-in figures are shown, and goes with the
// analyst's own; the editors follow the results, one button away.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, setup, w, open, ranking, importFile, outFile } = require('../lib/harness');

const env = setup();

test('at 1280x900 the ranking is in the first viewport, under who leads and by how much', async () => {
  const page = await env.page();
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page);
  const box = await w(page, 'table.ranking tbody tr').first().boundingBox();
  assert.ok(box.y + box.height <= 900, `the first row of the ranking ends at ${box.y + box.height} px`);
  // the sentence agrees with the ranking: the first two and the gap between their indices
  const [first, second] = await ranking(page);
  const names = await w(page, 'table.ranking tbody tr[data-unit] th').allTextContents();
  const lead = await w(page, '.results .lead').first().textContent();
  const m = lead.match(/^2023 年，(.+)以 ([\d.]+) 分居首，领先第 2 名(.+) ([\d.]+) 分。$/);
  assert.ok(m, lead);
  assert.deepEqual([m[1], m[2], m[3]], [names[0], first.index, names[1]]);
  // the gap of the indices before rounding: within 0.1 of the rounded ones' difference
  assert.ok(Math.abs(Number(m[4]) - (Number(first.index) - Number(second.index))) <= 0.1 + 1e-9, lead);
  // the change column and the bracketed ranks explained under the table
  assert.match(await w(page, '.results .legend').textContent(), /^“较上年”：.*↑2 为上升 2 位.*括号内为该方面在各盟市中的排名。$/);
  // the sample-data notice, above the results
  const sample = w(page, '.results .sample');
  assert.match(await sample.textContent(), /^示例数据：/);
  assert.ok((await sample.boundingBox()).y < box.y);
});

// On a phone and in elder mode the portal's own article comes first on the demo page: there the
// scorecard's first screen holds the ranking, from its title to the first row.
for (const [name, viewport, elder] of [['390x844', { width: 390, height: 844 }, false], ['1280x900 in elder mode', { width: 1280, height: 900 }, true], ['390x844 in elder mode', { width: 390, height: 844 }, true]]) {
  test(`at ${name} the scorecard's first screen holds the ranking`, async () => {
    const page = await env.page({ viewport });
    await open(page);
    if (elder) {
      await w(page, '[data-action=elder]').click();
      await w(page, 'button[data-action=elder][aria-pressed=true]').waitFor();
    }
    await page.locator('inno-scorecard#index').evaluate((host) => host.scrollIntoView());
    const host = await page.locator('inno-scorecard#index').boundingBox();
    const row = await w(page, 'table.ranking tbody tr').first().boundingBox();
    assert.ok(row.y + row.height - host.y <= viewport.height, `the first row of the ranking ends ${row.y + row.height - host.y} px below the scorecard's top`);
  });
}

test('a handful of Tab presses reach the ranking, and one button the editors', async () => {
  const page = await env.page();
  await open(page);
  let presses = 0;
  const inRanking = () => page.evaluate(() => {
    const active = document.querySelector('inno-scorecard#index')?.shadowRoot?.activeElement;
    return Boolean(active?.closest('table.ranking'));
  });
  while (!(await inRanking())) {
    await page.keyboard.press('Tab');
    presses += 1;
    assert.ok(presses <= 15, 'more than 15 Tab presses and the ranking is not reached');
  }
  // back to the results' toolbar: the button that goes to the editors
  await w(page, 'button[data-action=goto-editor]').focus();
  await page.keyboard.press('Enter');
  const focused = await page.evaluate(() => document.querySelector('inno-scorecard#index').shadowRoot.activeElement?.getAttribute('data-tab'));
  assert.equal(focused, 'data', 'the data tab has the focus');
});

test("the sample-data notice goes once the analyst's own data are in", async () => {
  const page = await env.page();
  await open(page);
  assert.equal(await w(page, '.results .sample').count(), 1);
  // the built-in data without its DataNote column: figures of the analyst's own
  const [header, ...rows] = fs.readFileSync(path.join(REPO, 'data', 'default_iData.csv'), 'utf8').trimEnd().split('\n');
  const at = header.split(',').indexOf('DataNote');
  const cut = (line) => {
    // DataNote may be quoted with commas inside: split on commas outside quotes
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, ''));
    return cells.filter((_, i) => i !== at).join(',');
  };
  const own = [cut(header), ...rows.map(cut)].join('\n');
  const msgs = await importFile(page, outFile('own.csv', `${own}\n`));
  assert.ok(!msgs.some((m) => m.error), JSON.stringify(msgs));
  assert.equal((await ranking(page)).length, 12);
  assert.equal(await w(page, '.results .sample').count(), 0);
});

test('on a phone no name in the ranking wraps one character per line', async () => {
  const page = await env.page();
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  const heights = await w(page, 'table.ranking tbody th').evaluateAll((ths) => ths.map((th) => {
    const line = parseFloat(getComputedStyle(th).lineHeight) || 1.5 * parseFloat(getComputedStyle(th).fontSize);
    const range = document.createRange();
    range.selectNodeContents(th);
    return { name: th.textContent, lines: Math.round(range.getBoundingClientRect().height / line) };
  }));
  for (const { name, lines } of heights) assert.equal(lines, 1, `${name} takes ${lines} lines`);
});

test('a message appears where the analyst is: in view while they work far down the page', async () => {
  const page = await env.page();
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page);
  const remove = w(page, 'button[data-action=remove-unit][data-unit=ALS]');
  await remove.scrollIntoViewIfNeeded();
  await remove.click();
  const notice = w(page, '.status p').filter({ hasText: '阿拉善盟' });
  await notice.waitFor();
  const box = await notice.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 900, `the notice is at ${box.y} px, out of the 900 px viewport`);
  // and its 撤销 button, focused, puts the unit back
  await page.keyboard.press('Enter');
  assert.equal((await ranking(page)).length, 12);
});

test('on a phone the page never scrolls sideways: each tab, normal and large type', async () => {
  const page = await env.page();
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  for (const elder of [false, true]) {
    if (elder) await w(page, 'button[data-action=elder]').click();
    for (const tab of ['data', 'framework', 'method']) {
      await w(page, `[role=tab][data-tab=${tab}]`).click();
      await w(page, `[role=tab][data-tab=${tab}][aria-selected=true]`).waitFor();
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= client, `${tab} tab${elder ? ', large type' : ''}: the page is ${scroll} px wide in a ${client} px screen`);
    }
  }
});
