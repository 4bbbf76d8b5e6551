'use strict';
// Shared set-up for the <inno-scorecard> end-to-end tests: the demo server
// (scripts/serve.py, with its strict CSP), Debian's chromium through
// playwright-core, and small helpers to read the widget's shadow DOM.
//
// Every test file calls `setup()` at top level: it registers before/after hooks
// that start one server and one browser for the file and stop them afterwards.
// Each test makes its own browser context (fresh localStorage) with `env.page()`.

const { before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { chromium } = require('playwright-core');

const REPO = path.resolve(__dirname, '..', '..', '..');
const OUT = path.resolve(__dirname, '..', 'out');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// The 12 units of the default data, and the years it covers.
const UNITS = ['HHHT', 'BT', 'ORDOS', 'WH', 'CF', 'TL', 'HLBE', 'BYNE', 'WLCB', 'XAM', 'XLGL', 'ALS'];

fs.mkdirSync(OUT, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

/** Starts scripts/serve.py on a free port; resolves once it answers. */
async function startServer() {
  if (!fs.existsSync(path.join(REPO, 'pkg', 'widget', 'innoscore_widget.js'))) {
    throw new Error(`pkg/widget/innoscore_widget.js not found in ${REPO}: run \`make build\` first`);
  }
  const port = await freePort();
  const proc = spawn('python3', [path.join(REPO, 'scripts', 'serve.py'), String(port)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  let exited = null;
  proc.on('exit', (code) => { exited = code; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (exited !== null) throw new Error(`serve.py exited with ${exited}:\n${log}`);
    try {
      const res = await get(`${base}/`);
      if (res.statusCode === 200) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error(`serve.py did not answer on ${base} within 15 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    stop: () => new Promise((resolve) => {
      if (exited !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => { if (exited === null) proc.kill('SIGKILL'); }, 3000).unref();
    }),
  };
}

/**
 * Registers before/after hooks for one server and one browser per test file and
 * returns an object whose fields are filled in once `before` has run.
 */
function setup() {
  const env = {
    base: null,
    browser: null,
    contexts: [],
    /** A new context (fresh storage) and a page in it. */
    async page(options = {}) {
      const context = await env.browser.newContext({
        baseURL: env.base, viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options,
      });
      env.contexts.push(context);
      context.setDefaultTimeout(10000);
      const page = await context.newPage();
      return page;
    },
    url(p = '/') {
      return env.base + p;
    },
  };
  let server = null;
  before(async () => {
    server = await startServer();
    env.base = server.base;
    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    for (const c of env.contexts) await c.close().catch(() => {});
    if (env.browser) await env.browser.close();
    if (server) await server.stop();
  });
  return env;
}

// ---- the widget -------------------------------------------------------------

/** A locator inside the widget `host` (a CSS selector for the element, default `#index`). */
function w(page, selector, host = '#index') {
  return page.locator(`inno-scorecard${host} ${selector}`);
}

/** Opens `p` (relative to the server; contexts have baseURL set) and waits until the widget's ranking has rows. */
async function open(page, p = '/', host = '#index') {
  await page.goto(p);
  await waitReady(page, host);
}

async function waitReady(page, host = '#index') {
  await w(page, 'table.ranking tbody tr[data-unit]', host).first().waitFor({ state: 'visible' });
}

/** The ranking as shown: [{ unit, rank, index }] in table order. */
async function ranking(page, host = '#index') {
  return w(page, 'table.ranking tbody tr[data-unit]', host).evaluateAll((rows) => rows.map((tr) => ({
    unit: tr.getAttribute('data-unit'),
    rank: tr.querySelector('td[data-col=Rank]')?.textContent.trim(),
    index: tr.querySelector('td.index')?.textContent.trim(),
  })));
}

/** The rank of `unit` in the ranking table, as a number. */
async function rankOf(page, unit, host = '#index') {
  const text = await w(page, `table.ranking tr[data-unit="${unit}"] td[data-col=Rank]`, host).textContent();
  const n = Number(text.trim());
  assert.ok(Number.isInteger(n), `rank of ${unit} is not an integer: ${JSON.stringify(text)}`);
  return n;
}

/** The grid's cell input for `unit` and indicator column `col`. */
function cell(page, unit, col, host = '#index') {
  return w(page, `table.grid tr[data-unit="${unit}"] input[data-action=cell][data-col="${col}"]`, host);
}

/** Every grid input's value, keyed `unit/col` (and `unit/uName`). */
async function gridValues(page, host = '#index') {
  return w(page, 'table.grid tbody tr[data-unit]', host).evaluateAll((rows) => {
    const out = {};
    for (const tr of rows) {
      const u = tr.getAttribute('data-unit');
      for (const input of tr.querySelectorAll('input[data-action=cell]')) out[`${u}/${input.dataset.col}`] = input.value;
      const name = tr.querySelector('input[data-action=unit-name]');
      if (name) out[`${u}/uName`] = name.value;
    }
    return out;
  });
}

/** The text of the status messages: [{ text, error }]. */
async function statusMessages(page, host = '#index') {
  return w(page, '.status p', host).evaluateAll((ps) => ps.map((p) => ({ text: p.textContent, error: p.classList.contains('error') })));
}

/**
 * Imports `file` through the data tab's file input and waits for the status line
 * that names it (success or error); returns the status messages then. (Each test
 * imports a given file name into a page at most once, so the wait is not fooled
 * by an earlier message.)
 */
async function importFile(page, file, host = '#index') {
  await w(page, 'input[type=file][data-action=import]', host).setInputFiles(file);
  const name = path.basename(file);
  // the import's outcome, not its progress (which names the file too)
  await w(page, '.status p:not(.importing)', host).filter({ hasText: name }).first().waitFor();
  return statusMessages(page, host);
}

/** The built-in iData repeated `copies` times as CSV text, each copy's uCodes suffixed `_k`. */
function defaultDataCopies(copies) {
  const [header, ...rows] = fs.readFileSync(path.join(REPO, 'data', 'default_iData.csv'), 'utf8').trimEnd().split('\n');
  const out = [header];
  for (let k = 0; k < copies; k++) for (const r of rows) out.push(r.replace(/^([^,]+)/, `$1_${k}`));
  return `${out.join('\n')}\n`;
}

/** The paths of the workers `page` starts from now on, as they start. */
function workersOf(page) {
  const paths = [];
  page.on('worker', (worker) => paths.push(new URL(worker.url()).pathname));
  return paths;
}

/** Makes `page` a page whose browser can start no worker (`new Worker` throws), from its next load on. */
function withoutWorkers(page) {
  return page.addInitScript(() => {
    window.Worker = function Worker() {
      throw new TypeError('no workers here');
    };
  });
}

/** Writes `text` to tests/e2e/out/<name> and returns the path. */
function outFile(name, text) {
  const p = path.join(OUT, name);
  fs.writeFileSync(p, text);
  return p;
}

/** Clicks `locator` and returns the browser download it starts, saved in out/. */
async function download(page, locator, saveAs) {
  const [dl] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const file = path.join(OUT, saveAs || dl.suggestedFilename());
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), file, bytes: fs.readFileSync(file) };
}

module.exports = {
  REPO, OUT, UNITS, setup, w, open, waitReady, ranking, rankOf, cell, gridValues, statusMessages, importFile, outFile, download,
  defaultDataCopies,
  withoutWorkers,
  workersOf,
};
