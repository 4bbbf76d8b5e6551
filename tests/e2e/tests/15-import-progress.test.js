'use strict';
// A file is imported in stages (read, check, score, look for doubtful figures, show), each in a task of its own: the
// page shows which stage it is at, and the analyst can cancel, or go on editing, between them.
// A watcher in the page acts the moment a stage is announced, before the next one starts, so
// that the tests do not depend on how fast this machine is.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking, cell, statusMessages, outFile, defaultDataCopies } = require('../lib/harness');

const env = setup();

/**
 * Watches the progress of an import in the scorecard: records each stage's label, and when the
 * label first contains `at`, runs `act` (source text of a function of the shadow root).
 */
function watch(page, at, act) {
  return page.evaluate(([at, act]) => {
    const root = document.querySelector('inno-scorecard#index').shadowRoot;
    window.__stages = [];
    const run = at ? new Function('root', `(${act})(root)`) : null;
    new MutationObserver(() => {
      const label = root.querySelector('.status .importing .progress-label')?.textContent;
      if (!label || window.__stages.includes(label)) return;
      window.__stages.push(label);
      if (run && label.includes(at)) run(root);
    }).observe(root, { childList: true, subtree: true, characterData: true });
  }, [at, act]);
}

/** 240 units x 5 years: more than the built-in data, so that an import changes the ranking. */
const bigger = () => outFile('1200-rows.csv', defaultDataCopies(20));

/** Waits for the status line that ends the import of `name`, and returns the messages. */
async function outcome(page, name) {
  await w(page, '.status p:not(.importing)').filter({ hasText: name }).first().waitFor();
  return statusMessages(page);
}

test('an import shows each of its five stages, then the imported data', async () => {
  const page = await env.page();
  await open(page);
  await watch(page, null, null);
  await w(page, 'input[type=file][data-action=import]').setInputFiles(bigger());
  const msgs = await outcome(page, '1200-rows.csv');
  assert.deepEqual(msgs.map((m) => m.text), ['已导入 1200-rows.csv']);
  const stages = await page.evaluate(() => window.__stages);
  assert.deepEqual(stages, [
    '正在导入 1200-rows.csv：第 1 步，共 5 步，读取文件',
    '正在导入 1200-rows.csv：第 2 步，共 5 步，检查数据',
    '正在导入 1200-rows.csv：第 3 步，共 5 步，计算得分',
    '正在导入 1200-rows.csv：第 4 步，共 5 步，查找可能有误的数值',
    '正在导入 1200-rows.csv：第 5 步，共 5 步，显示结果',
  ]);
  assert.equal(await w(page, '.status .importing').count(), 0, 'the progress is gone once imported');
  assert.equal(await w(page, 'table.ranking tbody tr[data-unit]').count(), 100, 'the first 100 of 240 units are ranked');
});

for (const at of ['第 1 步', '第 2 步', '第 3 步', '第 4 步', '第 5 步']) {
  test(`cancelling an import at its stage "${at}" leaves the data as they were`, async () => {
    const page = await env.page();
    await open(page);
    await cell(page, 'WH', 'KeyLab').fill('9');
    const before = await ranking(page);
    await watch(page, at, "(root) => root.querySelector('[data-action=import-cancel]').click()");
    await w(page, 'input[type=file][data-action=import]').setInputFiles(bigger());
    const msgs = await outcome(page, '1200-rows.csv');
    assert.deepEqual(msgs, [{ text: '已取消导入 1200-rows.csv，数据未改变', error: false }]);
    assert.deepEqual(await ranking(page), before, 'the ranking is the one before the import');
    assert.equal(await cell(page, 'WH', 'KeyLab').inputValue(), '9', 'and the edit before it is kept');
    // nothing arrives later: the stages that were left do not run
    await page.waitForTimeout(300);
    assert.deepEqual(await ranking(page), before);
    assert.equal(await w(page, '.status .importing').count(), 0);
  });
}

test('an edit made while a file is being imported is kept, and the import stops', async () => {
  const page = await env.page();
  await open(page);
  await watch(page, '第 2 步', `(root) => {
    const input = root.querySelector('input[data-action=cell][data-col=KeyLab]');
    input.value = '42';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }`);
  const first = await w(page, 'input[data-action=cell][data-col=KeyLab]').first().getAttribute('data-row');
  await w(page, 'input[type=file][data-action=import]').setInputFiles(bigger());
  const msgs = await outcome(page, '1200-rows.csv');
  assert.deepEqual(msgs, [{ text: '导入 1200-rows.csv 已停止：导入期间数据被修改，修改已保留', error: true }]);
  await page.waitForTimeout(300);
  assert.equal(await w(page, `input[data-action=cell][data-col=KeyLab][data-row="${first}"]`).inputValue(), '42');
  assert.equal(await w(page, 'table.ranking tbody tr[data-unit]').count(), 12, 'the 12 units of the built-in data are still ranked');
});
