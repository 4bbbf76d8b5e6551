'use strict';
// 6. Edits survive a reload (localStorage); 12. "restore default data" asks first.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking, cell, statusMessages, download, importFile, outFile, defaultDataCopies } = require('../lib/harness');

const env = setup();

test('a renamed unit and an edited cell are still there after a reload', async () => {
  const page = await env.page();
  await open(page);
  const name = w(page, 'table.grid input[data-action=unit-name][data-unit=WLCB]');
  const oldName = await name.inputValue();
  assert.equal(oldName, '乌兰察布市');
  await name.fill('乌兰察布市（测试）');
  await name.press('Tab'); // leaving the field fires `change`, which commits the name
  await cell(page, 'WLCB', 'KeyLab').fill('123');
  const rankingTh = w(page, 'table.ranking tr[data-unit=WLCB] th');
  assert.equal((await rankingTh.textContent()).trim(), '乌兰察布市（测试）', 'the ranking shows the new name at once');
  const edited = await ranking(page);

  await page.reload();
  await w(page, 'table.ranking tbody tr[data-unit]').first().waitFor();
  assert.equal(await w(page, 'table.grid input[data-action=unit-name][data-unit=WLCB]').inputValue(), '乌兰察布市（测试）');
  assert.equal(await cell(page, 'WLCB', 'KeyLab').inputValue(), '123');
  assert.equal((await w(page, 'table.ranking tr[data-unit=WLCB] th').textContent()).trim(), '乌兰察布市（测试）');
  assert.deepEqual(await ranking(page), edited, 'the ranking after the reload is the edited one');

  // another browser (fresh context) does not see these edits
  const other = await env.page();
  await open(other);
  assert.equal(await w(other, 'table.grid input[data-action=unit-name][data-unit=WLCB]').inputValue(), oldName);
});

test('typing is saved once it pauses, and an edit not saved yet is kept when the page is left or the scorecard removed', async () => {
  const page = await env.page();
  // counts the writes of the project (not of the language beside it)
  await page.addInitScript((key) => {
    window.__writes = [];
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (k === key) window.__writes.push(v);
      return setItem.call(this, k, v);
    };
  }, KEY);
  await open(page);
  const input = cell(page, 'TL', 'KeyLab');
  await input.click();
  await input.press('End');
  const before = await page.evaluate(() => window.__writes.length);
  const typed = `${await input.inputValue()}1234`;
  await page.keyboard.type('1234', { delay: 30 });
  await page.waitForFunction((n) => window.__writes.length > n, before);
  await page.waitForTimeout(1200); // twice the delay: no second write comes
  const writes = await page.evaluate(() => window.__writes.slice());
  assert.equal(writes.length, before + 1, 'four keys, one write');
  assert.ok(writes.at(-1).includes(typed), `the write holds ${typed}`);

  // an edit, then the page left at once (pagehide): the edit is there after the reload
  await input.fill('4321');
  await page.reload();
  await w(page, 'table.ranking tbody tr[data-unit]').first().waitFor();
  assert.equal(await cell(page, 'TL', 'KeyLab').inputValue(), '4321');

  // an edit, then the scorecard taken off the page at once: written as it goes
  await cell(page, 'TL', 'KeyLab').fill('5678');
  const kept = await page.evaluate((key) => {
    document.querySelector('#index').remove();
    return localStorage.getItem(key);
  }, KEY);
  assert.ok(kept.includes('5678'), 'the edit was written when the scorecard was removed');
});

test('reset data: dismissing the confirm keeps the edit, accepting restores the default', async () => {
  const page = await env.page();
  await open(page);
  const defaultValue = await cell(page, 'TL', 'HighTechEnt').inputValue();
  const defaultRanking = await ranking(page);
  await cell(page, 'TL', 'HighTechEnt').fill('4321');
  const edited = await ranking(page);
  assert.notDeepEqual(edited, defaultRanking);

  const dialogs = [];
  let answer = 'dismiss';
  page.on('dialog', async (d) => {
    dialogs.push({ type: d.type(), message: d.message() });
    if (answer === 'accept') await d.accept(); else await d.dismiss();
  });

  await w(page, 'button[data-action=reset-data]').click();
  assert.equal(dialogs.length, 1, 'the reset asks first');
  assert.equal(dialogs[0].type, 'confirm');
  assert.ok(dialogs[0].message.trim().length > 0, 'the question is not empty');
  assert.equal(await cell(page, 'TL', 'HighTechEnt').inputValue(), '4321', 'dismissed: the edit is kept');
  assert.deepEqual(await ranking(page), edited);

  answer = 'accept';
  await w(page, 'button[data-action=reset-data]').click();
  assert.equal(dialogs.length, 2);
  assert.equal(await cell(page, 'TL', 'HighTechEnt').inputValue(), defaultValue, 'accepted: the default value is back');
  assert.deepEqual(await ranking(page), defaultRanking);

  // the reset is saved too
  await page.reload();
  await w(page, 'table.ranking tbody tr[data-unit]').first().waitFor();
  assert.equal(await cell(page, 'TL', 'HighTechEnt').inputValue(), defaultValue);
});

const KEY = 'innoscore:/:index';

test('saved work that cannot be read is set aside, never overwritten, and offered for download', async () => {
  const page = await env.page();
  await open(page);
  await page.evaluate((key) => localStorage.setItem(key, '{"iMeta": [damaged'), KEY);
  await page.reload();
  await w(page, 'table.ranking tbody tr[data-unit]').first().waitFor();
  const [first] = await statusMessages(page);
  assert.ok(first.error, 'said as a problem');
  assert.match(first.text, /^浏览器中保存的上次工作无法读取（项目文件第 1 行第 \d+ 列：不是有效的 JSON（文件可能已损坏或不完整））。它已原样另存，不会被覆盖。$/, first.text);
  // an edit saves the scorecard, and the unreadable text stays where it was set aside
  await cell(page, 'TL', 'KeyLab').fill('77');
  await page.waitForFunction((key) => localStorage.getItem(key)?.includes('"innoscore-project"'), KEY);
  const kept = await page.evaluate((key) => [localStorage.getItem(key + ':unreadable'), JSON.parse(localStorage.getItem(key)).format], KEY);
  assert.deepEqual(kept, ['{"iMeta": [damaged', 'innoscore-project']);
  const dl = await download(page, w(page, 'button[data-action=download-unreadable]'));
  assert.equal(dl.bytes.toString(), '{"iMeta": [damaged');
});

test('a data set with every unit deleted is saved and restored as it is', async () => {
  const page = await env.page();
  page.on('dialog', (d) => d.accept());
  await open(page);
  for (let n = 12; n > 0; n--) {
    await w(page, 'button[data-action=remove-unit]').first().click();
    await w(page, 'table.grid tbody tr[data-unit]').nth(n - 1).waitFor({ state: 'detached' });
  }
  assert.equal(await w(page, 'table.grid tbody tr[data-unit]').count(), 0);
  await page.reload();
  await w(page, 'table.grid').waitFor();
  assert.equal(await w(page, 'table.grid tbody tr[data-unit]').count(), 0, 'still no unit: not the default data');
  assert.equal((await statusMessages(page)).filter((m) => /无法读取/.test(m.text)).length, 0);
});

test('an import whose save fails says both', async () => {
  const page = await env.page();
  await open(page);
  const dl = await download(page, w(page, 'button[data-action=export][data-what=data]'), 'save-fails.csv');
  await page.evaluate(() => {
    Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
  });
  const messages = await importFile(page, dl.file);
  assert.equal(messages.length, 2, JSON.stringify(messages));
  assert.match(messages[0].text, /save-fails\.csv/);
  assert.equal(messages[1].text, '浏览器无法保存本地副本，刷新后修改可能丢失');
});

test('a project too large for the browser to keep says so at once, and how to keep it', async () => {
  const page = await env.page();
  await open(page);
  const messages = await importFile(page, outFile('6000-rows.csv', defaultDataCopies(100)));
  assert.equal(messages.length, 2, JSON.stringify(messages));
  assert.equal(messages[0].text, '已导入 6000-rows.csv');
  assert.match(messages[1].text, /^数据较多（\d+ 个单元格），浏览器无法保存本地副本：刷新或关闭页面前，请用“项目 JSON”导出保存$/);
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), null, 'nothing half-written');
});
