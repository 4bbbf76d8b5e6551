'use strict';
// The files analysts have: CSV saved by Excel or WPS on Chinese Windows is GB18030 (GBK), and is
// read as such; a file no encoding reads cleanly, damaged UTF-8 or a damaged workbook is refused with a
// message that says so, never imported as mojibake.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { REPO, setup, w, open, ranking, importFile, outFile } = require('../lib/harness');

const env = setup();

/** The built-in data as CSV text, with 呼和浩特市 renamed so that the import shows. */
const data = () => fs.readFileSync(path.join(REPO, 'data', 'default_iData.csv'), 'utf8').replaceAll('呼和浩特市', '青城呼和浩特');

/** The name shown in the grid for unit `code`. */
const nameOf = (page, code) => w(page, `input[data-action=unit-name][data-unit="${code}"]`).inputValue();

test('a CSV saved in GB18030 (GBK) by Excel or WPS is read as such, and says so', async () => {
  const page = await env.page();
  const wasm = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(path.basename(new URL(r.url()).pathname)));
  await open(page);
  // Debian's iconv, as independent of innoscore as Excel is
  const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: data() });
  assert.equal(gbk.includes(Buffer.from('青城呼和浩特')), false, 'the file is not UTF-8');
  const msgs = await importFile(page, outFile('gbk.csv', gbk));
  assert.deepEqual(msgs, [{ text: '已导入 gbk.csv（按 GB18030 编码读取）', error: false }]);
  assert.equal(await nameOf(page, 'HHHT'), '青城呼和浩特');
  assert.equal(await nameOf(page, 'XAM'), '兴安盟');
  assert.deepEqual(wasm, ['innoscore_widget_bg.wasm', 'innoscore_text_bg.wasm'], 'the reader of other encodings loaded when needed');
});

test('a src file in GB18030 starts the widget with its figures, read as such', async () => {
  const page = await env.page();
  const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: data() });
  const html = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>'
    + '<script type="module" src="/inno-scorecard.js"></script></head><body>'
    + '<inno-scorecard id="index" src="/gbk-src.csv"></inno-scorecard></body></html>';
  await page.route('**/gbk-src.html', (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.route('**/gbk-src.csv', (r) => r.fulfill({ contentType: 'text/csv', body: gbk }));
  await open(page, '/gbk-src.html');
  assert.equal(await nameOf(page, 'HHHT'), '青城呼和浩特');
  assert.equal(await nameOf(page, 'XAM'), '兴安盟');
});

test('a UTF-8 CSV is imported without loading the reader of other encodings', async () => {
  const page = await env.page();
  const wasm = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(path.basename(new URL(r.url()).pathname)));
  await open(page);
  const msgs = await importFile(page, outFile('utf8.csv', data()));
  assert.deepEqual(msgs, [{ text: '已导入 utf8.csv', error: false }]);
  assert.equal(await nameOf(page, 'HHHT'), '青城呼和浩特');
  assert.deepEqual(wasm, ['innoscore_widget_bg.wasm']);
});

for (const [what, file, bytes, message] of [
  [
    'bytes that no encoding reads cleanly',
    'binary.csv',
    Buffer.concat([Buffer.from('uCode,uName\nHHHT,'), Buffer.from([0xff, 0xfe, 0xff]), Buffer.from('\n')]),
    '导入 binary.csv 失败，数据未改变：文件不是 UTF-8、UTF-16 或 GB18030（GBK）编码的文本，无法判断其编码：请在 Excel 或 WPS 中另存为“CSV UTF-8”后再导入',
  ],
  [
    'UTF-8 with a damaged character',
    'damaged.csv',
    Buffer.concat([Buffer.from('uCode,uName\nHHHT,呼和浩特市\nBT,包'), Buffer.from([0xb4]), Buffer.from('\n')]),
    '导入 damaged.csv 失败，数据未改变：第 3 行有一个损坏的字符（文件其余部分为 UTF-8 编码）：请改正该字符，或重新另存为“CSV UTF-8”',
  ],
  [
    // a workbook is read as one (25-workbooks); a damaged one is refused as such, not read as text
    'a damaged workbook',
    'book.xlsx',
    Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from('[Content_Types].xml')]),
    '导入 book.xlsx 失败，数据未改变：文件不是可以读取的工作簿（.xlsx、.xls 或 .ods），或已损坏、设有密码：请在 Excel 或 WPS 中打开，另存为不设密码的 .xlsx 后再导入',
  ],
]) {
  test(`${what} is refused with a message that says so, and the data are unchanged`, async () => {
    const page = await env.page();
    await open(page);
    const before = await ranking(page);
    const msgs = await importFile(page, outFile(file, bytes));
    assert.deepEqual(msgs, [{ text: message, error: true }]);
    assert.deepEqual(await ranking(page), before);
    assert.equal(await nameOf(page, 'HHHT'), '呼和浩特市');
  });
}

test('the scripting API reads the same bytes: readText', async () => {
  const page = await env.page();
  await open(page);
  const gbk = [...execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: 'uCode,uName\nXAM,兴安盟\n' })];
  const out = await page.evaluate(async (bytes) => {
    const api = await import('/pkg/text/innoscore_text.js');
    await api.default();
    const read = api.readText(new Uint8Array(bytes));
    let refused = null;
    try {
      api.readText('uCode\n');
    } catch (e) {
      refused = e.message;
    }
    return { read, refused };
  }, gbk);
  assert.deepEqual(out.read, { text: 'uCode,uName\nXAM,兴安盟\n', encoding: 'GB18030' });
  assert.equal(out.refused, "readText: give the file's bytes as a Uint8Array or an ArrayBuffer");
});
