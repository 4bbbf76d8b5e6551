'use strict';
// 7. The language buttons switch the widget's language; the elder button its large type.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open } = require('../lib/harness');

const env = setup();
const CJK = /[\u3400-\u9fff]/;

test('the English button switches to English and back to Chinese', async () => {
  const page = await env.page();
  await open(page);
  const host = page.locator('inno-scorecard#index');
  const h2 = w(page, '.card header h2');
  const en = w(page, 'button[data-action=lang][data-lang="en"]');
  const zh = w(page, 'button[data-action=lang][data-lang="zh-CN"]');
  const zhTitle = (await h2.textContent()).trim();
  assert.match(zhTitle, CJK, 'the default page is Chinese');
  assert.equal(await zh.getAttribute('aria-pressed'), 'true');
  assert.equal(await en.getAttribute('aria-pressed'), 'false');

  await en.click();
  assert.equal(await host.getAttribute('lang'), 'en', "the host's lang attribute becomes en");
  await assert.doesNotReject(h2.filter({ hasNotText: zhTitle }).waitFor({ timeout: 3000 }),
    'the header should be redrawn in English');
  const enTitle = (await h2.textContent()).trim();
  assert.doesNotMatch(enTitle, CJK, `the English header has no Chinese: ${enTitle}`);
  assert.match(enTitle, /[A-Za-z]{3}/);
  assert.equal(await w(page, 'button[data-action=lang][data-lang="en"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await w(page, 'button[data-action=lang][data-lang="zh-CN"]').getAttribute('aria-pressed'), 'false');
  assert.equal(await w(page, '.card').getAttribute('lang'), 'en');
  // the rest of the widget follows: the data tab and the ranking's caption
  assert.doesNotMatch(await w(page, '[role=tab][data-tab=data]').textContent(), CJK);
  assert.doesNotMatch(await w(page, 'table.ranking caption').textContent(), CJK);

  // the choice is kept with the rest of the analyst's state
  await page.reload();
  await w(page, 'table.ranking tbody tr[data-unit]').first().waitFor();
  assert.equal(await host.getAttribute('lang'), 'en', 'after a reload the widget is still English');
  assert.equal((await h2.textContent()).trim(), enTitle);

  await w(page, 'button[data-action=lang][data-lang="zh-CN"]').click();
  assert.equal(await host.getAttribute('lang'), 'zh-CN');
  await h2.filter({ hasText: zhTitle }).waitFor({ timeout: 3000 });
  assert.equal((await h2.textContent()).trim(), zhTitle);
  assert.equal(await w(page, 'button[data-action=lang][data-lang="zh-CN"]').getAttribute('aria-pressed'), 'true');
});

test('the elder button sets the elder attribute and enlarges the type, is remembered, and toggles back', async () => {
  const page = await env.page();
  await open(page);
  const host = page.locator('inno-scorecard#index');
  const fontSize = () => w(page, '.card').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const normal = await fontSize();
  assert.equal(await host.getAttribute('elder'), null);
  assert.equal(await w(page, 'button[data-action=elder]').getAttribute('aria-pressed'), 'false');

  await w(page, 'button[data-action=elder]').click();
  assert.notEqual(await host.getAttribute('elder'), null, 'the host gets the elder attribute');
  const large = await fontSize();
  console.log(`.card font-size: ${normal}px normal, ${large}px elder`);
  assert.ok(large > normal, `elder font-size ${large}px should exceed ${normal}px`);
  assert.equal(await w(page, 'button[data-action=elder]').getAttribute('aria-pressed'), 'true');
  // the rest of the widget is still there
  assert.equal(await w(page, 'table.ranking tbody tr[data-unit]').count(), 12);

  // remembered: a reload keeps the large type
  await page.reload();
  await w(page, 'table.ranking tbody tr[data-unit]').first().waitFor();
  assert.notEqual(await host.getAttribute('elder'), null, 'after a reload the large type is still on');
  assert.equal(await w(page, 'button[data-action=elder]').getAttribute('aria-pressed'), 'true');

  await w(page, 'button[data-action=elder]').click();
  assert.equal(await host.getAttribute('elder'), null, 'toggled back: no elder attribute');
  assert.equal(await fontSize(), normal, 'toggled back: the normal font-size');
  assert.equal(await w(page, 'button[data-action=elder]').getAttribute('aria-pressed'), 'false');
  await page.reload();
  await w(page, 'table.ranking tbody tr[data-unit]').first().waitFor();
  assert.equal(await host.getAttribute('elder'), null, 'and off stays off');
});

test('a language whose labels cannot be loaded says so, and the scorecard stays readable in Chinese', async () => {
  const page = await env.page();
  await page.route('**/locales/en.json', (route) => route.abort());
  await open(page);
  await w(page, 'button[data-action=lang][data-lang="en"]').click();
  const notice = w(page, '.status p.error').filter({ hasText: '无法载入English界面' });
  await notice.waitFor();
  assert.equal(await notice.textContent(), '无法载入English界面（请检查网络），仍以中文显示');
  assert.equal(await w(page, 'h2').textContent(), '创新驱动发展指数');
  assert.equal(await w(page, 'button[data-action=lang][data-lang="zh-CN"]').getAttribute('aria-pressed'), 'true');
});
