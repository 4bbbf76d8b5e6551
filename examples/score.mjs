// Runnable example of the JavaScript API, in Node (node examples/score.mjs after `make build`).
// In a page, `await init()` finds the .wasm by itself; Node hands it the bytes.
import { readFile } from 'node:fs/promises';
import assert from 'node:assert/strict';
import init, { score, defaultFramework, defaultData, defaultPipeline } from '../pkg/innoscore.js';

await init({ module_or_path: await readFile(new URL('../pkg/innoscore_bg.wasm', import.meta.url)) });

// 1. Your own figures, as CSV text: two indicators, three units.
const iMeta = `Level,iCode,iName,Direction,Weight,Parent,Type
1,rd,R&D intensity,1,1,Index,Indicator
1,cost,Cost per patent,-1,3,Index,Indicator
2,Index,Innovation index,1,1,,Aggregate`;
const iData = `uCode,uName,rd,cost
HHHT,呼和浩特,1.68,20
BT,包头,2.05,30
CF,赤峰,0.45,40`;
const out = score({ iData, iMeta, pipeline: [{ step: 'normalise', method: 'minmax' }, { step: 'aggregate' }] });
console.table(out.results);
// by hand: rd -> (1.68 - 0.45) / (2.05 - 0.45) * 100 = 76.875, 100, 0; cost (less is better) -> 100, 50, 0; Index = (rd + 3 cost) / 4
assert.equal(out.results[0].uCode, 'HHHT');
assert.equal(out.results[0].Index, (76.875 + 3 * 100) / 4);
assert.equal(out.results[2].Rank, 3);

// The intermediate data sets come only when asked for: here the normalised values.
const steps = score({ iData, iMeta, pipeline: [{ step: 'normalise', method: 'minmax' }, { step: 'aggregate' }] },
  { datasets: ['Normalised'] });
assert.equal(out.datasets, undefined);
assert.deepEqual(Object.keys(steps.datasets), ['Normalised']);
assert.equal(steps.datasets.Normalised[0].rd, 76.875);

// 2. The built-in framework (the policy article's seven pillars) and data.
const all = score({ iData: defaultData(), iMeta: defaultFramework(), pipeline: defaultPipeline() });
const latest = all.results.filter((r) => r.Time === 2023);
console.log(latest.slice(0, 3).map((r) => `${r.Rank}. ${r.uName} ${r.Index.toFixed(1)}`).join('\n'));
assert.equal(latest.length, 12);

// 3. Bad input throws an Error that says what and where; the module keeps working.
assert.throws(() => score({ iData: 'uCode,rd,cost\nX,1.5,abc', iMeta }),
  { message: /^iData: line 2, column 'cost': 'abc' is not a number/ });
console.log('ok');
