// Times the engine compiled to WebAssembly under Node, on COINr's ASEM example: the JS API's
// score() with the reference pipeline, and uncertainty() with COINr's specification; then on
// China's counties (scripts/gen-county.mjs), score() from CSV text to results.
// Usage: make build && node scripts/bench-wasm.mjs [replications]   (make bench runs it)
// Fixtures: ../shared/fixtures/asem beside the repository, or INNOSCORE_ASEM_DIR; the county
// data in target/county, or INNOSCORE_COUNTY_DIR. The figures are also written to
// target/bench/node.json for scripts/bench-report.mjs.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import init, { score, uncertainty, defaultData, defaultFramework, defaultPipeline } from '../pkg/innoscore.js';

const root = new URL('../', import.meta.url);
const dir = process.env.INNOSCORE_ASEM_DIR ? `${process.env.INNOSCORE_ASEM_DIR}/` : new URL('../shared/fixtures/asem/', root);
const read = (name) => readFile(new URL(name, dir instanceof URL ? dir : `file://${dir}`), 'utf8');

await init({ module_or_path: await readFile(new URL('pkg/innoscore_bg.wasm', root)) });
const input = {
  iData: await read('ASEM_iData.csv'),
  iMeta: await read('ASEM_iMeta.csv'),
  pipeline: [
    { step: 'denominate' },
    { step: 'impute', method: 'mean_group', group: 'EurAsia_group' },
    { step: 'screen', min_availability: 0.9 },
    { step: 'treat' },
    { step: 'normalise', method: 'minmax', range: [0, 100] },
    { step: 'aggregate' },
  ],
};
const spec = (n) => ({
  n, seed: 1, target: 'Index',
  choices: [
    { step: 'treat', option: 'winmax', values: [1, 2, 3, 4, 5] },
    { step: 'normalise', values: [{ method: 'minmax', range: [1, 100] }, { method: 'zscore', mean_sd: [10, 2] }] },
    { step: 'aggregate', option: 'method', values: ['arithmetic', 'geometric'] },
    { weights: { level: 2, noise: 0.25 } },
    { weights: { level: 3, noise: 0.25 } },
  ],
});

function time(label, f, repeat) {
  f(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) f();
  const ms = (performance.now() - t0) / repeat;
  console.log(`${label.padEnd(46)} ${ms.toFixed(3)} ms`);
  return ms;
}

const n = Number(process.argv[2] ?? 1000);
console.log(`innoscore wasm under Node ${process.version}`);
time('score(): ASEM pipeline A, results only', () => score(input), 200);
time('score(): ASEM pipeline A, with all data sets', () => score(input, { datasets: true }), 200);
const defaults = { iData: defaultData(), iMeta: defaultFramework(), pipeline: defaultPipeline() };
time('score(): the default scorecard (12 x 25 x 5 years)', () => score(defaults), 200);
const ms = time(`uncertainty(): COINr spec, ${n} replications`, () => uncertainty(input, spec(n)), 3);
console.log(`per replication: ${(ms / n).toFixed(3)} ms`);

const countyDir = process.env.INNOSCORE_COUNTY_DIR ? `file://${process.env.INNOSCORE_COUNTY_DIR}/` : new URL('target/county/', root);
const countyFile = (name) => readFile(new URL(name, countyDir), 'utf8');
const counties = { iData: await countyFile('iData.csv'), iMeta: await countyFile('iMeta.csv'), pipeline: JSON.parse(await countyFile('pipeline.json')) };
const county = time('score(): counties, 2,800 x 50 x 10, CSV text in', () => score(counties), 3);
// how the cost grows with the counties: the first 28, 280 and 2,800 of them (ten rows each)
const lines = counties.iData.split('\n');
const growth = [28, 280, 2800].map((units) => {
  const some = { ...counties, iData: lines.slice(0, 1 + units * 10).join('\n') };
  return time(`  the first ${units} counties`, () => score(some), Math.max(3, Math.round(2800 / units)));
});

await mkdir(new URL('target/bench/', root), { recursive: true });
await writeFile(new URL('target/bench/node.json', root), JSON.stringify({ replication: ms / n, county, growth }, null, 1));
