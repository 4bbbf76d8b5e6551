'use strict';
// 6. Edits survive a reload (localStorage); 12. "restore default data" asks first.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking, cell } = require('../lib/harness');

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
