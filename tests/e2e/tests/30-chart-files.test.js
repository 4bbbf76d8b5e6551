'use strict';
// Each chart can be saved as SVG and PNG, by keyboard too, and looks in the file as on screen:
// the SVG carries the styles the page gave it (a file has no style sheet), and the PNG is drawn
// from it at twice the chart's size.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, download } = require('../lib/harness');

const env = setup();

test('a chart saved as SVG looks as on screen, and as PNG is an image twice its size', async () => {
  const page = await env.page();
  await open(page);
  const buttons = w(page, 'figure:has(svg[data-chart=bar]) button[data-action=download]');
  assert.deepEqual(await buttons.allTextContents(), ['下载 SVG', '下载 PNG']);
  const onScreen = await w(page, 'svg[data-chart=bar] rect.bar').first().evaluate((r) => getComputedStyle(r).fill);
  assert.notEqual(onScreen, 'rgb(0, 0, 0)');

  const svg = await download(page, buttons.filter({ hasText: 'SVG' }));
  assert.equal(svg.name, 'bar.svg');
  const text = svg.bytes.toString('utf8');
  assert.match(text, /^<svg [^>]*width="\d+(\.\d+)?" height="\d+(\.\d+)?"/);
  // the bars keep their colour without the widget's style sheet
  const rect = text.match(/<rect [^>]*class="bar"[^>]*>/)[0];
  assert.ok(rect.includes(`fill:${onScreen}`) || rect.includes(`fill: ${onScreen}`), rect);

  // by keyboard: the PNG button, Enter
  const png = buttons.filter({ hasText: 'PNG' });
  await png.focus();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(dl.suggestedFilename(), 'bar.png');
  const bytes = require('node:fs').readFileSync(await dl.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  // IHDR: width and height, twice the viewBox's
  const viewBox = (await w(page, 'svg[data-chart=bar]').getAttribute('viewBox')).split(' ').map(Number);
  assert.equal(bytes.readUInt32BE(16), Math.round(viewBox[2] * 2));
  assert.equal(bytes.readUInt32BE(20), Math.round(viewBox[3] * 2));
  // the pixels: inflate the IDAT chunks; a white canvas would be bytes of 255 and row filters
  const idat = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = require('node:zlib').inflateSync(Buffer.concat(idat));
  const drawn = pixels.filter((b) => b > 4 && b < 250).length;
  assert.ok(drawn > 10000, `the chart is drawn, not a white canvas: ${drawn} bytes of colour`);
});
