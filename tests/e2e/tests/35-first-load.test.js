'use strict';
// The first load: the server sends the precompressed copies make build writes, with the right
// type; the page compiles the widget's wasm as it streams in, fetched once, while its glue loads.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');
const { setup, open, REPO } = require('../lib/harness');

const env = setup();
const WASM = '/pkg/widget/innoscore_widget_bg.wasm';

/** GET `p` with the Accept-Encoding given: status, headers and the body's bytes as sent. */
function fetchRaw(p, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === null ? {} : { 'Accept-Encoding': acceptEncoding };
    http.get(env.url(p), { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('the wasm is sent as brotli or gzip to a browser that takes it, as itself to one that does not, always as application/wasm', async () => {
  const file = fs.readFileSync(path.join(REPO, WASM));
  const cases = [
    ['gzip, deflate, br', 'br', zlib.brotliDecompressSync],
    ['gzip;q=1, br;q=0', 'gzip', zlib.gunzipSync],
    ['gzip', 'gzip', zlib.gunzipSync],
    ['identity', undefined, (b) => b],
    [null, undefined, (b) => b],
  ];
  for (const [accept, coding, decode] of cases) {
    const res = await fetchRaw(WASM, accept);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/wasm', `type for Accept-Encoding ${accept}`);
    assert.equal(res.headers['content-encoding'], coding, `coding for Accept-Encoding ${accept}`);
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(Number(res.headers['content-length']), res.body.length);
    if (coding) assert.ok(res.body.length < file.length / 2, `${coding}: ${res.body.length} B of ${file.length}`);
    assert.ok(decode(res.body).equals(file), `the ${coding ?? 'plain'} body is the wasm, byte for byte`);
  }
  // a file with no copy beside it is sent as it is
  const page = await fetchRaw('/demo.css', 'gzip, br');
  assert.equal(page.headers['content-encoding'], undefined);
  assert.equal(page.headers['content-type'], 'text/css; charset=utf-8');
});

test('the widget\'s wasm is fetched once, while its glue loads, and compiled as it streams in', async () => {
  const page = await env.page();
  const warnings = [];
  page.on('console', (m) => { if (/preload/i.test(m.text())) warnings.push(m.text()); });
  await page.addInitScript(() => {
    window.__streamed = [];
    const streaming = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = async (source, imports) => {
      const response = await source;
      window.__streamed.push(response.url);
      return streaming(response, imports);
    };
  });
  await open(page);
  const streamed = await page.evaluate(() => window.__streamed);
  assert.deepEqual(streamed.map((u) => new URL(u).pathname), [WASM], 'instantiateStreaming compiled the widget');
  const timing = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => ({
    path: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd, encoded: r.encodedBodySize, decoded: r.decodedBodySize,
  })));
  const wasm = timing.filter((r) => r.path === WASM);
  assert.equal(wasm.length, 1, `the wasm is downloaded once (the preload is what the page uses): ${JSON.stringify(wasm)}`);
  assert.ok(wasm[0].encoded < wasm[0].decoded / 2, `sent compressed: ${wasm[0].encoded} B for ${wasm[0].decoded} B`);
  const glue = timing.find((r) => r.path === '/pkg/widget/innoscore_widget.js');
  assert.ok(glue, 'the glue was loaded');
  assert.ok(wasm[0].start < glue.end, `the wasm's download (from ${wasm[0].start.toFixed(1)} ms) starts before the glue's ends (${glue.end.toFixed(1)} ms)`);
  assert.deepEqual(warnings, [], 'no preload goes unused or is fetched twice');
});
