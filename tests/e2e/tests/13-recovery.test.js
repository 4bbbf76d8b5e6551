'use strict';
// The last line of defence: should the widget's module trap (here: run out of memory), the
// element loads it afresh and mounts the scorecard again from the last saved work.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking, cell, outFile, defaultDataCopies } = require('../lib/harness');

const env = setup();

test('a trap of the module restarts the scorecard with the last saved work, and the page keeps working', async () => {
  const page = await env.page();
  await open(page);
  await cell(page, 'TL', 'KeyLab').fill('77'); // saved at once
  // the module's memory grown by hand to the 4 GB that wasm32 allows: its next large
  // allocation cannot be met, and Rust aborts with a trap
  const pages = await page.evaluate(async () => {
    const wasm = await (await import('/pkg/widget/innoscore_widget.js')).default();
    for (let step = 65536; step >= 1; step = Math.floor(step / 2)) {
      try { wasm.memory.grow(step); } catch { /* more than is left: try half */ }
    }
    return wasm.memory.buffer.byteLength / 65536;
  });
  assert.equal(pages, 65536, 'the memory is full');
  const file = outFile('too-big-for-the-memory-left.csv', defaultDataCopies(50));
  await w(page, 'input[type=file][data-action=import]').setInputFiles(file);

  // a new scorecard, which says what happened and has the last saved edit
  const notice = w(page, '.status p.error').filter({ hasText: '已自动重新启动' });
  await notice.waitFor({ timeout: 60000 });
  assert.equal(await notice.textContent(), '记分卡出现内部错误（如内存不足），已自动重新启动。 已恢复上次的编辑');
  assert.equal(await cell(page, 'TL', 'KeyLab').inputValue(), '77');
  // on a fresh module: its memory is small again, and an edit rescores
  const fresh = await page.evaluate(async () => (await (await import('/pkg/widget/innoscore_widget.js?instance=1')).default()).memory.buffer.byteLength / 65536);
  assert.ok(fresh < 1000, `a fresh instance (${fresh} pages)`);
  const before = await ranking(page);
  await cell(page, 'XAM', 'KeyLab').fill('900');
  assert.notDeepEqual(await ranking(page), before, 'the edit rescored');
  assert.equal(await page.locator('inno-scorecard').count(), 1, 'one scorecard, as before');
});
