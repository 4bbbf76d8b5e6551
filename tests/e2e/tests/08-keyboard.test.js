'use strict';
// 10. Keyboard use: arrow keys and Enter move between grid cells; Tab leaves the
// tab list for the editor; arrow keys on a tab switch tabs (WAI-ARIA tabs pattern).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open } = require('../lib/harness');

const env = setup();

/** What has focus inside the widget: its tag, data-r/data-c, data-tab, and whether it is in #editor. */
function focused(page) {
  return page.evaluate(() => {
    const host = document.activeElement;
    if (!host || host.tagName !== 'INNO-SCORECARD') return { outside: host ? host.tagName : null };
    const el = host.shadowRoot.activeElement;
    if (!el) return { none: true };
    return {
      tag: el.tagName.toLowerCase(),
      action: el.dataset.action || null,
      r: el.dataset.r ?? null,
      c: el.dataset.c ?? null,
      tab: el.dataset.tab ?? null,
      inEditor: !!el.closest('#editor'),
    };
  });
}

async function assertCell(page, r, c, why) {
  const f = await focused(page);
  assert.deepEqual({ action: f.action, r: f.r, c: f.c }, { action: 'cell', r: String(r), c: String(c) }, `${why}: focus is on ${JSON.stringify(f)}`);
}

test('arrow keys and Enter move the focus between grid cells', async () => {
  const page = await env.page();
  await open(page);
  await w(page, 'table.grid input[data-action=cell][data-r="0"][data-c="0"]').focus();
  await assertCell(page, 0, 0, 'the first cell was focused');

  await page.keyboard.press('ArrowDown');
  await assertCell(page, 1, 0, 'ArrowDown moves one row down');

  await page.keyboard.press('End'); // caret at the end of the text: ArrowRight leaves the cell
  await page.keyboard.press('ArrowRight');
  await assertCell(page, 1, 1, 'ArrowRight at the end of the text moves one column right');

  await page.keyboard.press('Enter');
  await assertCell(page, 2, 1, 'Enter moves one row down');

  await page.keyboard.press('ArrowUp');
  await assertCell(page, 1, 1, 'ArrowUp moves one row up');

  await page.keyboard.press('Home'); // caret at the start: ArrowLeft leaves the cell
  await page.keyboard.press('ArrowLeft');
  await assertCell(page, 1, 0, 'ArrowLeft at the start of the text moves one column left');

  // at the edge nothing moves, and no value was changed by the navigation
  await page.keyboard.press('ArrowLeft');
  await assertCell(page, 1, 0, 'ArrowLeft in the first column stays');
  assert.equal(await w(page, 'table.grid .bad').count(), 0);
});

test('Tab from the tab list reaches the editor; arrow keys switch tabs', async () => {
  const page = await env.page();
  await open(page);
  const tab = (t) => w(page, `[role=tab][data-tab=${t}]`);
  assert.equal(await tab('data').getAttribute('aria-selected'), 'true');
  assert.equal(await tab('data').getAttribute('tabindex'), '0', 'the selected tab is in the tab order');
  assert.equal(await tab('framework').getAttribute('tabindex'), '-1', 'the others are not');

  await tab('data').focus();
  await page.keyboard.press('Tab');
  const f = await focused(page);
  assert.equal(f.inEditor, true, `Tab from the selected tab lands in the editor, not on ${JSON.stringify(f)}`);

  await tab('data').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await tab('framework').getAttribute('aria-selected'), 'true', 'ArrowRight selects the next tab');
  assert.equal(await tab('data').getAttribute('aria-selected'), 'false');
  assert.equal((await focused(page)).tab, 'framework', 'and focuses it');
  assert.equal(await w(page, '#editor').getAttribute('aria-labelledby'), 'tab-framework');
  assert.ok(await w(page, '#editor section.pillar').count() > 0, 'the framework editor is shown');

  await page.keyboard.press('ArrowRight');
  assert.equal(await tab('method').getAttribute('aria-selected'), 'true');
  assert.equal((await focused(page)).tab, 'method');
  assert.ok(await w(page, '#editor input[data-action=setting]').count() > 0, 'the method editor is shown');

  await page.keyboard.press('ArrowRight');
  assert.equal(await tab('data').getAttribute('aria-selected'), 'true', 'ArrowRight on the last tab wraps to the first');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await tab('method').getAttribute('aria-selected'), 'true', 'ArrowLeft on the first tab wraps to the last');
  assert.equal((await focused(page)).tab, 'method');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).inEditor, true, 'Tab from the method tab lands in the method editor');
});

test('the data grid is one tab stop: arrow keys move inside it, and it keeps its place', async () => {
  const page = await env.page();
  await open(page);
  const stops = await w(page, 'table.grid').evaluate((t) => [...t.querySelectorAll('input, button, select')].filter((e) => e.tabIndex >= 0).length);
  assert.equal(stops, 1, 'one element of the grid is in the tab order');
  // from the last button before the grid, Tab enters it at its first figure
  await w(page, 'button[data-action=reset-data]').focus();
  await page.keyboard.press('Tab');
  await assertCell(page, 0, 0, 'Tab into the grid');
  // the next Tab leaves it: no walk through 400 cells
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).r ?? null, null, 'Tab leaves the grid');
  await page.keyboard.press('Shift+Tab');
  await assertCell(page, 0, 0, 'Shift+Tab comes back to the same cell');
  // arrow keys reach the name and the delete button of the row too
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await focused(page).then((f) => [f.action, f.r, f.c]), ['unit-name', '0', '-1']);
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await focused(page).then((f) => [f.action, f.r, f.c]), ['unit-name', '1', '-1']);
  // the grid remembers where the analyst was
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  assert.deepEqual(await focused(page).then((f) => [f.action, f.r, f.c]), ['unit-name', '1', '-1']);
  const last = await w(page, 'table.grid tbody tr').first().locator('button[data-action=remove-unit]').getAttribute('data-c');
  await w(page, 'table.grid tbody tr').first().locator('button[data-action=remove-unit]').focus();
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await focused(page).then((f) => [f.action, f.r, f.c]), ['remove-unit', '1', last]);
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await focused(page).then((f) => [f.action, f.r, f.c]), ['cell', '1', String(Number(last) - 1)]);
});
