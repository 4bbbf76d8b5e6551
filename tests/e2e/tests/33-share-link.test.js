'use strict';
// A share link carries the method and weights in the URL, never the data, as the OECD Better
// Life Index shares an index of one's own: whoever opens it sees the same method and weights,
// as a step they can undo; what a link cannot set is named; a published (read-only) ranking
// keeps its own method whatever the link says.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking, UNITS } = require('../lib/harness');

const env = setup();

test('the link carries the method and weights, not the data, and opens as the same scores', async () => {
  const page = await env.page({ permissions: ['clipboard-read', 'clipboard-write'] });
  await open(page);
  await w(page, '[role=tab][data-tab=method]').click();
  await w(page, 'input[data-action=setting][data-setting=normalise][value=zscore]').check();
  const first = w(page, '.method input[data-action=weight]').first();
  await first.focus();
  await page.keyboard.press('ArrowRight'); // 1.0 -> 1.5
  await page.keyboard.press('ArrowRight'); // -> 2.0
  const shared = await ranking(page);

  // by keyboard: the button, then the link, focused, to copy
  await w(page, '[data-action=share]').focus();
  await page.keyboard.press('Enter');
  const link = await w(page, 'input.share-link').inputValue();
  assert.equal(await w(page, 'input.share-link').evaluate((i) => i.getRootNode().activeElement === i), true);
  const url = new URL(link);
  assert.equal(url.origin + url.pathname, env.url('/'));
  const params = new URLSearchParams(url.hash.slice(1));
  assert.equal(params.get('index.normalise'), 'zscore');
  assert.equal(params.get('index.aggregate'), 'arithmetic');
  assert.equal(params.get('index.w.RDInvest'), '2');
  // the method and weights alone: no unit, no figure
  assert.deepEqual([...params.keys()].filter((k) => !/^index\.(normalise|aggregate|impute|treat|w\.\w+)$/.test(k)), []);
  for (const unit of UNITS) assert.ok(!link.includes(unit), `the link names ${unit}: ${link}`);
  // copied, and said so once it is
  await w(page, '.status').filter({ hasText: '链接已复制' }).waitFor();
  assert.match(await w(page, '.status').textContent(), /不带数据/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

  // a link of choices no longer shown goes with the next change
  await w(page, '[role=tab][data-tab=method]').click();
  await w(page, 'input[data-action=setting][data-setting=aggregate][value=geometric]').check();
  assert.equal(await w(page, 'input.share-link').count(), 0);

  // opened elsewhere (a browser of its own), it scores the same
  const other = await env.page();
  await open(other, link.slice(env.url('').length));
  assert.deepEqual(await ranking(other), shared);
  assert.match(await w(other, '.status').textContent(), /已按分享链接中的方法和权重计算/);
  await w(other, '[role=tab][data-tab=method]').click();
  assert.equal(await w(other, 'input[data-setting=normalise][value=zscore]').isChecked(), true);
  assert.equal(await w(other, '.method input[data-action=weight][data-code=RDInvest]').inputValue(), '2');
  // and the link's method is a step that can be undone
  await w(other, '[data-action=undo]').click();
  assert.equal(await w(other, 'input[data-setting=normalise][value=minmax]').isChecked(), true);
  assert.equal(await w(other, '.method input[data-action=weight][data-code=RDInvest]').inputValue(), '1');
});

test('what a link cannot set is named and left out; the rest is taken', async () => {
  const page = await env.page();
  await open(page, '/#index.normalise=softmax&index.w.Nowhere=1&index.w.Talent=-1&index.aggregate=geometric&other.normalise=rank');
  const status = await w(page, '.status').textContent();
  assert.match(status, /分享链接中的 normalise=softmax、w\.Nowhere=1、w\.Talent=-1 无法使用，已忽略/);
  await w(page, '[role=tab][data-tab=method]').click();
  assert.equal(await w(page, 'input[data-setting=aggregate][value=geometric]').isChecked(), true);
  // another scorecard's part of the link is not this one's
  assert.equal(await w(page, 'input[data-setting=normalise][value=minmax]').isChecked(), true);
});

test('a published ranking keeps its own method whatever the link says', async () => {
  const page = await env.page();
  await open(page, '/ranking.html', '#ranking');
  const published = await ranking(page, '#ranking');
  const linked = await env.page();
  await open(linked, '/ranking.html#ranking.normalise=rank&ranking.w.RDInvest=5', '#ranking');
  assert.deepEqual(await ranking(linked, '#ranking'), published);
});
