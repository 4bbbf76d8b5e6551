// <inno-scorecard>: the thin JavaScript part of the widget. It defines the element once,
// loads the WebAssembly once for the whole page, and forwards the element's lifecycle to Rust,
// which renders the scorecard into the element's shadow root. Should the module ever trap (run
// out of memory, say), it is loaded afresh and every scorecard is mounted again from what was
// last saved: the page keeps working.
//
// Embed:  <script type="module" src=".../inno-scorecard.js"></script>
//         <inno-scorecard lang="zh-CN"></inno-scorecard>
// The pkg/ folder (from `make build`) must sit beside this file: pkg/widget/ holds the widget,
// pkg/ itself the scripting API, which the robustness check uses, pkg/text/ the reader of files
// not in UTF-8.
const WIDGET_WASM = new URL('./pkg/widget/innoscore_widget_bg.wasm', import.meta.url);

// The widget's module: one instance for the page, numbered; a trap ends it, and the next one is
// imported under another URL, which gives it state of its own.
// The first instance's wasm is fetched at once, while its glue loads, and compiled as it
// arrives (WebAssembly.instantiateStreaming, for a server that sends application/wasm).
let instance = 0;
let ready = null;
let wasm = fetch(WIDGET_WASM);
const boot = () =>
  (ready ??= import(`./pkg/widget/innoscore_widget.js${instance ? `?instance=${instance}` : ''}`).then(async (m) => {
    const response = wasm ?? fetch(WIDGET_WASM);
    wasm = null;
    await m.default({ module_or_path: response });
    return m;
  }));

// A trap of the widget's module: a WebAssembly.RuntimeError raised in its code.
const isTrap = (e) => e instanceof WebAssembly.RuntimeError && String(e.stack).includes('innoscore_widget_bg.wasm');

// Replaces every scorecard of the dead instance by a fresh element with the same attributes,
// which mounts on a new instance and restores the analyst's last saved work.
const restarted = new WeakSet();
let restarts = [];
function restart() {
  const now = Date.now();
  restarts = restarts.filter((t) => now - t < 60000);
  if (restarts.length >= 3) return; // a trap at every start: leave the message in place
  restarts.push(now);
  instance += 1;
  ready = null;
  for (const old of document.querySelectorAll('inno-scorecard')) {
    const fresh = document.createElement('inno-scorecard');
    for (const { name, value } of old.attributes) fresh.setAttribute(name, value);
    restarted.add(fresh);
    old.replaceWith(fresh);
  }
}
// the module's own event listeners, timers and promise callbacks raise their traps here
addEventListener('error', (e) => isTrap(e.error) && restart());
addEventListener('unhandledrejection', (e) => isTrap(e.reason) && restart());

// A module loaded and started the first time it is asked for; a failed load is tried again at
// the next request.
function lazy(url) {
  let loading = null;
  return () =>
    (loading ??= import(url)
      .then(async (m) => {
        await m.default();
        return m;
      })
      .catch((e) => {
        loading = null;
        throw e;
      }));
}
// The scripting API (innoscore-api.js, which recovers from a trap of its module) makes the
// robustness check: a page that only shows scores never downloads it. readText (pkg/text/)
// reads a file that is not UTF-8: its tables are larger than the rest of the API.
const loadApi = lazy('./innoscore-api.js');
const loadText = lazy('./pkg/text/innoscore_text.js');
// readWorkbook and writeWorkbook (pkg/workbook/), the largest of them, at the first workbook.
const loadWorkbook = lazy('./pkg/workbook/innoscore_workbook.js');

// The scripting API in a worker (innoscore-worker.js), started at the first call made there:
// the audit, which scores the data once per pillar, and the robustness check, which scores it
// hundreds of times; on the page's thread they would hold it that long. Where the browser or
// the page's policy allows no module worker, or the worker cannot load, a call is made on the
// page's thread instead (and fails there if the code cannot be loaded).
// A failure that is not the call's own (its code could not be loaded, or the worker stopped)
// has the kind "unavailable", which the scorecard tells in the page's language.
const unavailable = (why) => Object.assign(new Error(why), { kind: 'unavailable' });
const apiOrUnavailable = () => loadApi().catch((e) => {
  throw unavailable(e?.message ?? String(e));
});
const onMainThread = {
  audit: async (project, time) => (await apiOrUnavailable()).auditOfProject(project, time),
  robustness: async (project, n) => (await apiOrUnavailable()).Analysis.ofProject(project, n),
};
let worker = null;
let calls = 0;
// what each call under way does with the worker's messages, and if the worker fails
const answers = new Map();
const failure = (error) => Object.assign(new Error(error.message), { kind: error.kind });

function inWorker(call, ...args) {
  try {
    worker ??= startWorker();
  } catch {
    return onMainThread[call](...args);
  }
  const id = ++calls;
  return new Promise((resolve, reject) => {
    const fallBack = () => onMainThread[call](...args).then(resolve, reject);
    answers.set(id, {
      message(data) {
        if (data.error) {
          answers.delete(id);
          reject(failure(data.error));
        } else if (call === 'robustness') {
          const analysis = new WorkerAnalysis(id, data.value.total);
          answers.set(id, analysis);
          resolve(analysis);
        } else {
          answers.delete(id);
          resolve(data.value);
        }
      },
      failed: fallBack,
    });
    worker.postMessage({ id, call, args });
  });
}

function startWorker() {
  const started = new Worker(new URL('./innoscore-worker.js', import.meta.url), { type: 'module' });
  started.addEventListener('message', ({ data }) => answers.get(data.id)?.message(data));
  // a worker that cannot load its code, or stops: its calls go to the page's thread, or fail
  started.addEventListener('error', (e) => {
    e.preventDefault();
    if (worker === started) worker = null;
    started.terminate();
    const left = [...answers.values()];
    answers.clear();
    for (const answer of left) answer.failed(e.message || 'innoscore-worker.js stopped');
  });
  return started;
}

// A robustness check running in the worker, as the scorecard drives an `Analysis` of the API
// (src/web/widget/robust.rs): `advance` has nothing to do, since the worker makes the runs on
// its own, and reports what went wrong; `free` cancels.
class WorkerAnalysis {
  #id;
  #result = null;
  #error = null;
  constructor(id, total) {
    this.#id = id;
    this.total = total;
    this.done = 0;
  }
  get finished() {
    return this.#result !== null;
  }
  message({ done, result, error }) {
    if (error) this.#error = failure(error);
    if (done !== undefined) this.done = done;
    if (result !== undefined) this.#result = result;
  }
  failed(why) {
    this.#error = unavailable(why);
  }
  advance() {
    if (this.#error) throw this.#error;
  }
  result() {
    if (this.#error) throw this.#error;
    return this.#result;
  }
  free() {
    if (!answers.delete(this.#id)) return;
    worker?.postMessage({ cancel: this.#id });
  }
}

// What the scorecard asks of them (src/web/widget/bridge.rs): the robustness check and the
// statistical audit of a project file's text, the text of a file that is not UTF-8 (null when no encoding reads it; a
// rejection means that the code could not be loaded), and workbooks read and written (a
// workbook that cannot be read rejects with readWorkbook's Error, which says its `kind`).
const api = {
  robustness: (project, n) => inWorker('robustness', project, n),
  audit: (project, time) => inWorker('audit', project, time),
  async readText(bytes) {
    const m = await loadText();
    try {
      return m.readText(bytes);
    } catch {
      return null;
    }
  },
  readWorkbook: async (bytes, sheet) => (await loadWorkbook()).readWorkbook(bytes, sheet),
  writeWorkbook: async (sheets) => (await loadWorkbook()).writeWorkbook(sheets),
};

// The locale table of a language other than the built-in one (pkg/locales/<tag>.json), loaded
// the first time the language is shown; null for the built-in one, or when it cannot be had
// (the scorecard then stays in the built-in language).
const tables = new Map();
function localeTable(widget, lang) {
  const tag = widget.tableToLoad(lang);
  if (!tag) return Promise.resolve(null);
  if (!tables.has(tag)) {
    const url = new URL(`./pkg/locales/${tag}.json`, import.meta.url);
    const table = fetch(url).then((r) => (r.ok ? r.text() : null)).catch(() => null);
    tables.set(tag, table.then((t) => t ?? (tables.delete(tag), null)));
  }
  return tables.get(tag);
}

// The language last chosen in the widget kept under `key`, if the browser lets us read it.
function savedLang(key) {
  try {
    return localStorage.getItem(`${key}:lang`);
  } catch {
    return null;
  }
}

// Where the analyst's work is kept in this browser: one place per widget on the page. The
// widget's `id` names it; without one, its `src`, numbered from the second widget of the same
// `src` on (`data.csv#2`); without either, its position among the page's widgets.
function storageKey(el) {
  const page = `innoscore:${location.pathname}:`;
  if (el.id) return page + el.id;
  const widgets = [...document.querySelectorAll('inno-scorecard')];
  const src = el.getAttribute('src');
  if (src === null) return page + widgets.indexOf(el);
  const n = widgets.filter((o) => !o.id && o.getAttribute('src') === src).indexOf(el) + 1;
  return page + (n > 1 ? `${src}#${n}` : src);
}

// The text of the file named by `src`, or null with the reason in its name when it cannot be had.
// Its bytes are read as an imported file's are: UTF-8, else the encoding readText tells
// (GB18030 from Excel and WPS on Chinese Windows, UTF-16), never as mojibake.
async function fetchSource(src) {
  if (!src) return [null, null];
  const url = new URL(src, document.baseURI);
  try {
    const response = await fetch(url);
    if (!response.ok) return [null, `${url.pathname} (HTTP ${response.status})`];
    const bytes = new Uint8Array(await response.arrayBuffer());
    try {
      return [new TextDecoder('utf-8', { fatal: true }).decode(bytes), url.pathname];
    } catch {
      const decoded = await api.readText(bytes);
      return decoded ? [decoded.text, url.pathname] : [null, `${url.pathname} (not text in UTF-8, UTF-16 or GB18030)`];
    }
  } catch (e) {
    return [null, `${url.pathname} (${e?.message ?? e})`];
  }
}

class InnoScorecard extends HTMLElement {
  static observedAttributes = ['lang', 'elder', 'readonly', 'view'];
  #card = null;
  #mounting = 0;

  async connectedCallback() {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const mount = ++this.#mounting;
    try {
      const [[text, name], widget] = await Promise.all([fetchSource(this.getAttribute('src')), boot()]);
      // the language last chosen here (which the scorecard restores), else the attribute's
      const key = storageKey(this);
      const published = this.hasAttribute('readonly') || this.getAttribute('view') === 'ranking';
      const lang = (!published && savedLang(key)) || this.getAttribute('lang');
      const table = await localeTable(widget, lang);
      if (mount !== this.#mounting || !this.isConnected) return;
      this.#card = new widget.Scorecard(this, root, key, text, name, api, restarted.has(this), table);
    } catch (e) {
      if (isTrap(e)) return restart();
      root.textContent = `inno-scorecard: ${e?.message ?? e}`;
    }
  }

  async attributeChangedCallback(name, old, value) {
    if (old === value || !this.#card) return;
    const card = this.#card;
    // a language's table first; the scorecard (which may have set the attribute) is then free
    const table = name === 'lang' ? await localeTable(await boot(), value) : null;
    if (card !== this.#card || this.getAttribute(name) !== value) return;
    try {
      card.attribute_changed(name, value, table);
    } catch (e) {
      if (!isTrap(e)) throw e;
      restart();
    }
  }

  disconnectedCallback() {
    this.#mounting++;
    const card = this.#card;
    this.#card = null;
    try {
      card?.free();
    } catch (e) {
      if (!isTrap(e)) throw e; // a dead instance has nothing left to free
    }
  }
}

if (!customElements.get('inno-scorecard')) customElements.define('inno-scorecard', InnoScorecard);
