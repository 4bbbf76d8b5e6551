// Times, in headless Chromium (Debian's) with the demo server: the demo page from navigation to
// an interactive scorecard (its ranking drawn), with an empty cache; and uncertainty analysis
// of COINr's ASEM example, the wasm loaded as a page would: node scripts/bench-browser.mjs [replications]
// Needs `make build` and the e2e packages (tests/e2e: npm ci); make bench runs it.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const root = new URL('../', import.meta.url);
const require = createRequire(new URL('tests/e2e/package.json', root));
const { chromium } = require('playwright-core');
const dir = process.env.INNOSCORE_ASEM_DIR ? `file://${process.env.INNOSCORE_ASEM_DIR}/` : new URL('../shared/fixtures/asem/', root);
const read = (name) => readFile(new URL(name, dir), 'utf8');
const n = Number(process.argv[2] ?? 1000);
const port = 8000 + Math.floor(Math.random() * 900);

const server = spawn('python3', ['scripts/serve.py', String(port)], { cwd: root, stdio: 'ignore' });
try {
  await new Promise((r) => setTimeout(r, 800));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  // page load: a fresh context each time (no cache, no saved work), ranking rows in the shadow root
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(`http://127.0.0.1:${port}/`);
    await fresh.waitForFunction(() => document.querySelector('inno-scorecard')?.shadowRoot?.querySelector('table.ranking tbody tr'));
    loads.push(await fresh.evaluate(() => performance.now()));
    await context.close();
  }
  loads.sort((a, b) => a - b);
  console.log(`demo page, navigation to the ranking drawn (median of 5)   ${loads[2].toFixed(0)} ms`);

  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const input = { iData: await read('ASEM_iData.csv'), iMeta: await read('ASEM_iMeta.csv') };
  const result = await page.evaluate(async ({ input, n }) => {
    const m = await import('/pkg/innoscore.js');
    await m.default();
    input.pipeline = [
      { step: 'denominate' }, { step: 'impute', method: 'mean_group', group: 'EurAsia_group' },
      { step: 'screen', min_availability: 0.9 }, { step: 'treat' },
      { step: 'normalise', method: 'minmax', range: [0, 100] }, { step: 'aggregate' },
    ];
    const spec = { n, seed: 1, target: 'Index', choices: [
      { step: 'treat', option: 'winmax', values: [1, 2, 3, 4, 5] },
      { step: 'normalise', values: [{ method: 'minmax', range: [1, 100] }, { method: 'zscore', mean_sd: [10, 2] }] },
      { step: 'aggregate', option: 'method', values: ['arithmetic', 'geometric'] },
      { weights: { level: 2, noise: 0.25 } }, { weights: { level: 3, noise: 0.25 } },
    ] };
    m.uncertainty(input, spec); // warm up
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      m.uncertainty(input, spec);
      times.push(performance.now() - t0);
    }
    return { ms: times.reduce((a, b) => a + b) / times.length, ua: navigator.userAgent };
  }, { input, n });
  console.log(`innoscore wasm in ${result.ua.match(/(Headless)?Chrom[a-z]*\/[\d.]+/)?.[0] ?? 'Chromium'}`);
  console.log(`uncertainty(): COINr spec, ${n} replications   ${result.ms.toFixed(1)} ms (${(result.ms / n).toFixed(3)} ms each)`);
  await browser.close();
} finally {
  server.kill();
}
