'use strict';
// Column headings as analysts write them: a data file headed 代码/名称/年份 and indicator names
// (in Chinese or English) imports as one headed with codes; a missing column is named as the
// analyst knows it.
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { REPO, setup, w, open, gridValues, importFile, outFile } = require('../lib/harness');

const env = setup();

const csv = fs.readFileSync(path.join(REPO, 'data', 'default_iData.csv'), 'utf8');
const [header, ...rest] = csv.split('\n');

test('a data file headed with names imports as the same figures', async () => {
  const page = await env.page();
  await open(page);
  const before = await gridValues(page);
  const named = header
    .replace('uCode,uName,', '单位代码,名称,')
    .replace(',Time,', ',年份,')
    .replace(',RD_GDP,', ',R&D经费投入强度,')
    .replace(',KeyLab,', ',National and regional key laboratories,');
  assert.notEqual(named, header);
  const file = outFile('named-headings.csv', [named, ...rest].join('\n'));
  const msgs = await importFile(page, file);
  assert.ok(msgs.some((m) => !m.error && m.text.includes('named-headings.csv')), JSON.stringify(msgs));
  assert.deepEqual(await gridValues(page), before, 'every figure where it was');
});

test('a missing column is named by its name and by its heading', async () => {
  const page = await env.page();
  await open(page);
  const without = [header, ...rest].map((line) => line.split(',').filter((_, i) => i !== header.split(',').indexOf('KeyLab')).join(',')).join('\n');
  const msgs = await importFile(page, outFile('no-keylab.csv', without));
  const error = msgs.find((m) => m.error);
  assert.ok(error, JSON.stringify(msgs));
  assert.match(error.text, /国家级和自治区级重点实验室数（KeyLab）/);
});
