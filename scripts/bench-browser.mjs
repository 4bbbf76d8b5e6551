// Times, in headless Chromium (Debian's) with the demo server, the wasm loaded as a page loads it:
// - the demo page from navigation to an interactive scorecard (its ranking drawn), with an empty
//   cache, at full speed and throttled to Fast 3G (150 ms round trip, 1.6 Mbit/s down);
// - an edit in the default scorecard: a key typed in a cell of the grid to the next frame painted;
// - China's counties (scripts/gen-county.mjs: 2,800 units x 50 indicators x 10 years): score()
//   from CSV text to results, and the memory it takes;
// - uncertainty analysis of COINr's ASEM example with COINr's specification;
// - importing 10,020 rows (the built-in data, 167 times over) into the scorecard: the page's long
//   tasks (over 50 ms) from the file chosen to the last chart drawn, and the longest (median of 3).
//
//   node scripts/bench-browser.mjs [replications] [part ...]
//
// A part (load, edit, county, uncertainty, import) runs only the parts named; all by default.
//
// Needs `make build`, the e2e packages (tests/e2e: npm ci) and the county data in target/county
// (or INNOSCORE_COUNTY_DIR); make bench provides all three. The figures are also written to
// target/bench/browser.json for scripts/bench-report.mjs.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';

const root = new URL('../', import.meta.url);
const require = createRequire(new URL('tests/e2e/package.json', root));
const { chromium } = require('playwright-core');
const asem = process.env.INNOSCORE_ASEM_DIR ? `file://${process.env.INNOSCORE_ASEM_DIR}/` : new URL('../shared/fixtures/asem/', root);
const county = process.env.INNOSCORE_COUNTY_DIR ? `file://${process.env.INNOSCORE_COUNTY_DIR}/` : new URL('target/county/', root);
const read = (dir, name) => readFile(new URL(name, dir), 'utf8');
const n = Number(process.argv[2] ?? 1000);
const parts = process.argv.slice(3);
const chosen = (part) => parts.length === 0 || parts.includes(part);
const port = 8000 + Math.floor(Math.random() * 900);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const figures = {};

// Chrome DevTools' Fast 3G, as the goal states it: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
const FAST_3G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

/** Milliseconds from navigation to the ranking drawn, in a fresh context (no cache, no saved work). */
async function firstLoad(browser, network) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (network) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.querySelector('inno-scorecard')?.shadowRoot?.querySelector('table.ranking tbody tr'), null, { timeout: 60000 });
  const ms = await page.evaluate(() => performance.now());
  const bytes = await page.evaluate(() => performance.getEntriesByType('resource').reduce((sum, r) => sum + r.transferSize, 0)
    + performance.getEntriesByType('navigation')[0].transferSize);
  await context.close();
  return { ms, bytes };
}

/** Milliseconds from each key typed in a cell of the grid (its keydown) to the next frame
 * painted after the rescoring it causes: the frame's requestAnimationFrame, then a task after
 * it, which runs once that frame is painted. With `bare`, the same for a page holding nothing
 * but an input: what the browser itself takes here, the wait for the next frame included. */
async function editToFrame(browser, keys, bare = false) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (bare) await page.route('**/bare.html', (r) => r.fulfill({ contentType: 'text/html', body: '<input data-action=cell value=12>' }));
  await page.addInitScript(() => {
    window.__frames = [];
    document.addEventListener('keydown', (e) => {
      const start = e.timeStamp;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.__frames.push(performance.now() - start);
        channel.port2.postMessage(null);
      });
    }, true);
  });
  await page.goto(`http://127.0.0.1:${port}/${bare ? 'bare.html' : ''}`);
  const cell = bare ? page.locator('input') : page.locator('#index').locator('table.grid tr[data-unit="XAM"] input[data-action=cell][data-col="KeyLab"]');
  await cell.waitFor();
  await cell.click();
  await cell.press('End');
  // one edit at a time, as an analyst types (a key every 150 ms or more)
  for (let i = 0; i < keys; i++) {
    await page.keyboard.press(i % 2 ? 'Backspace' : '7');
    await page.waitForFunction((k) => window.__frames.length > k, i);
    await page.waitForTimeout(150);
  }
  const frames = await page.evaluate(() => window.__frames);
  await context.close();
  return frames;
}

/** The durations, in ms, of the page's tasks over 50 ms while the scorecard imports 10,020 rows
 * (data/default_iData.csv 167 times over, its codes made distinct): from the file chosen to
 * the import told done, and the second after it, in which the charts are drawn. */
async function importTasks(browser) {
  const [header, ...rows] = (await readFile(new URL('data/default_iData.csv', root), 'utf8')).trimEnd().split('\n');
  const copies = Array.from({ length: 167 }, (_, k) => rows.map((row) => row.replace(/^([^,]+)/, `$1_${k}`)));
  // from a file, as an analyst chooses one: a buffer would be handed to the page by script
  const file = new URL('target/bench/import-10020.csv', root);
  await mkdir(new URL('target/bench/', root), { recursive: true });
  await writeFile(file, [header, ...copies.flat()].join('\n') + '\n');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const host = page.locator('#index');
  await host.locator('table.ranking tbody tr').first().waitFor();
  await page.evaluate(() => {
    window.__tasks = [];
    new PerformanceObserver((list) => window.__tasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  await host.locator('input[type=file][data-action=import]').setInputFiles(file.pathname);
  await host.locator('.status .msg:not(.error)').waitFor({ timeout: 120000 });
  await page.waitForTimeout(1000);
  const tasks = await page.evaluate(() => window.__tasks);
  await context.close();
  return tasks;
}

const server = spawn('python3', ['scripts/serve.py', String(port)], { cwd: root, stdio: 'ignore' });
try {
  await new Promise((r) => setTimeout(r, 800));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  console.log(`Chromium ${browser.version()}`);

  if (chosen('load')) {
    const loads = [];
    for (let i = 0; i < 5; i++) loads.push((await firstLoad(browser, null)).ms);
    figures.firstLoad = median(loads);
    console.log(`demo page, navigation to the ranking drawn (median of 5)               ${figures.firstLoad.toFixed(0)} ms`);
    const slow = [];
    for (let i = 0; i < 3; i++) slow.push(await firstLoad(browser, FAST_3G));
    figures.firstLoadFast3G = median(slow.map((l) => l.ms));
    figures.firstLoadBytes = slow[0].bytes;
    console.log(`the same on Fast 3G (150 ms, 1.6 Mbit/s; median of 3; ${slow[0].bytes} B on the wire)   ${figures.firstLoadFast3G.toFixed(0)} ms`);
  }

  if (chosen('edit')) {
    const frames = await editToFrame(browser, 21);
    figures.editToFrame = median(frames.slice(1)); // the first key also wakes the grid
    console.log(`a key typed in the grid to the next frame (median of 20; slowest ${Math.max(...frames.slice(1)).toFixed(0)} ms)   ${figures.editToFrame.toFixed(1)} ms`);
    figures.bareFrame = median((await editToFrame(browser, 21, true)).slice(1));
    console.log(`  the same in a page with nothing but an input (the browser's own share)   ${figures.bareFrame.toFixed(1)} ms`);
  }

  if (chosen('county')) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const input = { iData: await read(county, 'iData.csv'), iMeta: await read(county, 'iMeta.csv'), pipeline: JSON.parse(await read(county, 'pipeline.json')) };
    const counties = await page.evaluate(async (input) => {
      const m = await import('/pkg/innoscore.js');
      const wasm = await m.default();
      const times = [];
      let rows = 0;
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now();
        rows = m.score(input).results.length;
        times.push(performance.now() - t0);
      }
      return { first: times[0], ms: times.slice(1).sort((a, b) => a - b)[1], rows, memory: wasm.memory.buffer.byteLength, heap: performance.memory?.usedJSHeapSize };
    }, input);
    Object.assign(figures, { county: counties.ms, countyFirst: counties.first, countyMemory: counties.memory, countyHeap: counties.heap });
    console.log(`score(): counties, 2,800 x 50 x 10 from CSV text, ${counties.rows} results (median of 3 after the first, ${counties.first.toFixed(0)} ms)   ${counties.ms.toFixed(0)} ms`);
    console.log(`  wasm memory after it ${(counties.memory / 2 ** 20).toFixed(0)} MiB, JavaScript heap ${(counties.heap / 2 ** 20).toFixed(0)} MiB`);
    await page.close();
  }

  if (chosen('uncertainty')) {
    const asemPage = await browser.newPage();
    await asemPage.goto(`http://127.0.0.1:${port}/`);
    const asemInput = { iData: await read(asem, 'ASEM_iData.csv'), iMeta: await read(asem, 'ASEM_iMeta.csv') };
    const result = await asemPage.evaluate(async ({ input, n }) => {
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
      return times.reduce((a, b) => a + b) / times.length;
    }, { input: asemInput, n });
    figures.replication = result / n;
    console.log(`uncertainty(): ASEM, COINr spec, ${n} replications   ${result.toFixed(1)} ms (${figures.replication.toFixed(3)} ms each)`);
  }

  if (chosen('import')) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await importTasks(browser));
    for (const tasks of runs) console.log(`import of 10,020 rows: ${tasks.length} tasks over 50 ms (${tasks.map((t) => t.toFixed(0)).join(', ')} ms)`);
    figures.importLongest = median(runs.map((tasks) => Math.max(0, ...tasks)));
    console.log(`  the longest task (median of 3)   ${figures.importLongest.toFixed(0)} ms`);
  }
  await browser.close();
} finally {
  server.kill();
}
await mkdir(new URL('target/bench/', root), { recursive: true });
const out = new URL('target/bench/browser.json', root);
// a run of some parts keeps what the others measured last
const before = parts.length ? JSON.parse(await readFile(out, 'utf8').catch(() => '{}')) : {};
await writeFile(out, JSON.stringify({ ...before, ...figures }, null, 1));
