'use strict';
// The notes on the calculation are told in the interface language, naming indicators and units
// as the analyst knows them (no codes, no English in the Chinese interface), and say when
// winsorising has made units equal on an indicator ("缩尾后并列").
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open } = require('../lib/harness');

const env = setup();

// the iCodes and uCodes of the default data that a note could leak
const CODES = /\b(RD_GDP|KeyLab|HTE_n|HHHT|BT|ORDOS|CF|Talent|RDInvest|Index)\b/;

const notes = (page) => w(page, 'details.warnings li').allTextContents();

test('every note is in Chinese with names, and winsorised ties are said', async () => {
  const page = await env.page();
  await open(page);
  await w(page, 'details.warnings summary').click();
  const zh = await notes(page);
  assert.ok(zh.length > 0, 'the default data has notes');
  for (const note of zh) {
    assert.doesNotMatch(note, CODES, `no code in '${note}'`);
    assert.doesNotMatch(note, /pipeline step|winsoris|outlier/i, `no English in '${note}'`);
    assert.match(note, /^(分母换算|缺失值插补|单位筛选|异常值处理|标准化|汇总)：/, `the step comes first in '${note}'`);
  }
  // treatment over the five years together: a winsorised indicator names the units replaced
  const tied = zh.filter((n) => n.includes('缩尾后并列'));
  assert.ok(tied.length > 0, `some note says units tie after winsorising: ${zh.join(' | ')}`);
  for (const note of tied) {
    assert.match(note, /^异常值处理：\S+有极端值（偏度 [\d.]+，峰度 [\d.]+），对 \d+ 个数值做了缩尾处理：.+的数值被替换为次一数值，缩尾后并列$/, note);
    assert.match(note, /(呼和浩特市|包头市|鄂尔多斯市|乌海市|赤峰市|通辽市|呼伦贝尔市|巴彦淖尔市|乌兰察布市|兴安盟|锡林郭勒盟|阿拉善盟)/, `a unit by name in '${note}'`);
  }
});

test('in English the notes are English, with English names', async () => {
  const page = await env.page();
  await open(page);
  await w(page, '[data-action=lang][data-lang=en]').click();
  await w(page, 'details.warnings summary').click();
  const en = await notes(page);
  assert.ok(en.length > 0);
  for (const note of en) {
    assert.doesNotMatch(note, /[\u4e00-\u9fff]/, `no Chinese in '${note}'`);
    assert.doesNotMatch(note, CODES, `no code in '${note}'`);
  }
  assert.ok(en.some((n) => n.includes('(tied after winsorising)')), en.join(' | '));
});
