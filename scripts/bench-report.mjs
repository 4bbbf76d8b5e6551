// Prints the speed goals (issue 12's, and issue 9's page that stays responsive) beside what the
// benchmarks measured last: criterion's estimates (cargo bench, in target/criterion) and the figures scripts/bench-wasm.mjs and
// scripts/bench-browser.mjs wrote to target/bench/. make bench runs it last.
//
//   node scripts/bench-report.mjs
import { readFileSync } from 'node:fs';
import os from 'node:os';

const root = new URL('../', import.meta.url);
const json = (path) => {
  try {
    return JSON.parse(readFileSync(new URL(path, root), 'utf8'));
  } catch {
    return null;
  }
};
/** criterion's mean estimate of a benchmark, in milliseconds. */
const criterion = (id) => json(`target/criterion/${id}/new/estimates.json`)?.mean.point_estimate / 1e6;
const node = json('target/bench/node.json') ?? {};
const browser = json('target/bench/browser.json') ?? {};

const native = [28, 280, 2800].map((u) => criterion(`county/CSV text to results/${u} x 50 x 10`));
/** Each step's growth for x10 the units, as a share of x10: 1 is linear. */
const growthOf = (times) => (times ?? []).slice(1).map((t, i) => t / times[i] / 10);
const growth = growthOf(native);
const wasmGrowth = growthOf(node.growth);
const growthText = (times, g) => times.map((x) => ms(x, 1)).join(' / ') + ` (x${g.map((x) => (x * 10).toFixed(1)).join(', x')} per x10)`;
const ms = (x, digits = 0) => (Number.isFinite(x) ? `${x.toFixed(digits)} ms` : 'not measured');
const mib = (x) => (Number.isFinite(x) ? `${(x / 2 ** 20).toFixed(0)} MiB` : '?');

const rows = [
  ['2,800 x 50 x 10, CSV text in, results out, wasm in Chromium', ms(browser.county), browser.county <= 250, '<= 250 ms'],
  ['  peak memory (wasm memory + JavaScript heap)', `${mib(browser.countyMemory)} + ${mib(browser.countyHeap)}`,
    browser.countyMemory + browser.countyHeap <= 300e6, '<= 300 MB'],
  ['  the same, wasm in Node', ms(node.county), null, ''],
  ['the same, natively (reading, validation and run)', ms(native[2]), native[2] <= 30, '<= 30 ms'],
  ['cost growth 28 / 280 / 2,800 units, natively', growthText(native, growth), growth.every((g) => g <= 1.2), 'linear within 20 %'],
  ['  the same, wasm in Node', node.growth ? growthText(node.growth, wasmGrowth) : 'not measured',
    node.growth ? wasmGrowth.every((g) => g <= 1.2) : false, 'linear within 20 %'],
  ['one edit in the widget to the next painted frame', ms(browser.editToFrame, 1), browser.editToFrame <= 16, '<= 16 ms'],
  ['  a key in a page with nothing but an input', ms(browser.bareFrame, 1), null, ''],
  ['one COINr-spec uncertainty replication, wasm in Node', ms(node.replication, 3), node.replication <= 0.1, '<= 0.1 ms'],
  ['  the same, wasm in Chromium', ms(browser.replication, 3), browser.replication <= 0.1, '<= 0.1 ms'],
  ['page to interactive widget, Chromium on Fast 3G', ms(browser.firstLoadFast3G), browser.firstLoadFast3G <= 1500, '<= 1,500 ms'],
  ['  the same at full speed (no throttling)', ms(browser.firstLoad), null, ''],
  ['importing 10,020 rows in the widget: its longest task (issue 9)', ms(browser.importLongest), browser.importLongest <= 50, '<= 50 ms'],
];
const width = Math.max(...rows.map((r) => r[0].length));
const measuredWidth = Math.max(...rows.map((r) => r[1].length));
console.log(`\nSpeed goals (issue 12) on this machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}, ${os.platform()} ${os.release()}`);
console.log(`${'work'.padEnd(width)}  ${'measured'.padEnd(measuredWidth)}  goal`);
for (const [work, measured, met, goal] of rows) {
  const verdict = met === null ? '' : met ? '  met' : '  NOT MET';
  console.log(`${work.padEnd(width)}  ${measured.padEnd(measuredWidth)}  ${goal}${goal ? verdict : ''}`);
}
