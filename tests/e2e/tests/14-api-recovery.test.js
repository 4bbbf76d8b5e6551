'use strict';
// The scripting API for pages (www/innoscore-api.js): a trap of its module (here: out of memory)
// is an Error for the call that met it, and the next call runs on a fresh instance.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, open } = require('../lib/harness');

const env = setup();

test('after a trap the API throws a clear Error, and the next call runs on a fresh instance', async () => {
  const page = await env.page();
  await open(page);
  const out = await page.evaluate(async () => {
    const api = await import('/innoscore-api.js');
    await api.default();
    const iMeta = 'Level,iCode,Direction,Weight,Parent,Type\n1,a,1,1,Index,Indicator\n1,b,-1,3,Index,Indicator\n2,Index,1,1,,Aggregate\n';
    const iData = 'uCode,a,b\nX,0,10\nY,5,20\nZ,10,30\n';
    const pipeline = [{ step: 'normalise' }, { step: 'aggregate' }];
    const before = api.score({ iData, iMeta, pipeline }).results[0].Index;
    // the first instance's memory, grown by hand to the 4 GB that wasm32 allows
    const wasm = await (await import('/pkg/innoscore.js')).default();
    for (let step = 65536; step >= 1; step = Math.floor(step / 2)) {
      try { wasm.memory.grow(step); } catch { /* more than is left: try half */ }
    }
    const full = wasm.memory.buffer.byteLength / 65536;
    let error = null;
    try {
      api.score({ iData: iData + 'W,1,1\n'.repeat(300000), iMeta, pipeline });
    } catch (e) {
      error = { name: e.name, message: e.message, trap: e.cause instanceof WebAssembly.RuntimeError };
    }
    const after = api.score({ iData, iMeta, pipeline }).results[0].Index;
    const units = api.defaultData().length;
    const analysis = new api.Analysis({ iData, iMeta, pipeline }, { n: 3, choices: [{ weights: { level: 1, noise: 0.1 } }] }, 'uncertainty');
    analysis.advance(10);
    const runs = analysis.result().runs;
    return { before, full, error, after, units, runs };
  });
  assert.equal(out.full, 65536, 'the memory is full');
  assert.equal(out.before, 75, 'X: (1 x 0 + 3 x 100) / 4 = 75');
  assert.ok(out.error, 'the call that met the trap throws');
  assert.equal(out.error.name, 'Error');
  assert.ok(out.error.trap, 'the trap is its cause');
  assert.match(out.error.message, /^innoscore: score stopped the module \(.+\), which has been started afresh: call again, with less data if it ran out of memory$/);
  assert.equal(out.after, 75, 'the next call is right');
  assert.equal(out.units, 60);
  assert.equal(out.runs, 3);
});
