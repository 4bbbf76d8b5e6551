// The scripting API for pages, with recovery: the functions and the `Analysis` class of
// pkg/innoscore.js, such that a trap of the module (running out of memory, say) does not end it
// for the page. The call that trapped throws an Error that says so; the module is instantiated
// afresh at once, and the next call runs on the new instance.
//
//   import init, { score } from './innoscore-api.js';   // pkg/ beside this file
//   await init();
//
// The new instance is made synchronously, from the module compiled at init and a copy of the
// glue imported ahead under another URL (which gives it state of its own).
const GLUE = new URL('./pkg/innoscore.js', import.meta.url).href;
const WASM = new URL('./pkg/innoscore_bg.wasm', import.meta.url);

let compiled = null; // the WebAssembly.Module, compiled once
let current = null; // the glue in use
let spare = null; // the glue of the next instance, imported ahead
let copies = 0;

const importSpare = () => import(`${GLUE}?instance=${++copies}`).then((m) => (spare = m));

/** Loads the module: `module_or_path` as the glue's own init takes it (default: pkg/ beside this file). */
export default async function init({ module_or_path = WASM } = {}) {
  if (current) return;
  const source = await module_or_path;
  compiled =
    source instanceof WebAssembly.Module
      ? source
      : source instanceof ArrayBuffer || ArrayBuffer.isView(source)
        ? await WebAssembly.compile(source)
        : await WebAssembly.compileStreaming(source instanceof Response ? source : fetch(source));
  const first = await import(GLUE);
  first.initSync({ module: compiled });
  current = first;
  await importSpare();
}

const isTrap = (e) => e instanceof WebAssembly.RuntimeError;

/** Swaps in the spare instance after a trap; the message for the call that trapped. */
function restart(what, e) {
  if (spare) {
    spare.initSync({ module: compiled });
    current = spare;
    spare = null;
    importSpare();
    return `innoscore: ${what} stopped the module (${e.message}), which has been started afresh: call again, with less data if it ran out of memory`;
  }
  return `innoscore: ${what} stopped the module (${e.message}); it is being started afresh: call again in a moment`;
}

/** Calls `f` on the instance in use. */
function guarded(what, f) {
  if (!current) throw new Error('innoscore: call init() first');
  try {
    return f(current);
  } catch (e) {
    if (isTrap(e)) throw new Error(restart(what, e), { cause: e });
    throw e;
  }
}

export const score = (input, options) => guarded('score', (m) => m.score(input, options));
export const uncertainty = (input, spec) => guarded('uncertainty', (m) => m.uncertainty(input, spec));
export const sensitivity = (input, spec) => guarded('sensitivity', (m) => m.sensitivity(input, spec));
export const defaultFramework = () => guarded('defaultFramework', (m) => m.defaultFramework());
export const defaultData = () => guarded('defaultData', (m) => m.defaultData());
export const defaultPipeline = () => guarded('defaultPipeline', (m) => m.defaultPipeline());
export const correlations = (input, options) => guarded('correlations', (m) => m.correlations(input, options));
export const cronbach = (input, options) => guarded('cronbach', (m) => m.cronbach(input, options));
export const pca = (input, options) => guarded('pca', (m) => m.pca(input, options));
export const effectiveWeights = (input) => guarded('effectiveWeights', (m) => m.effectiveWeights(input));
export const removeElements = (input, options) => guarded('removeElements', (m) => m.removeElements(input, options));
export const copeland = (input, options) => guarded('copeland', (m) => m.copeland(input, options));
/** The statistical audit `<inno-scorecard>` shows, of a project file's text, in year `time`. */
export const auditOfProject = (project, time) => guarded('auditOfProject', (m) => m.auditOfProject(project, time));

// Marks an analysis the module has made already, for the constructor to wrap.
const MADE = Symbol('made');

/** An analysis made a few runs at a time (see pkg/innoscore.d.ts), on the instance it began on. */
export class Analysis {
  #inner;
  #on;

  constructor(input, spec, design) {
    this.#inner = input === MADE ? spec : guarded('Analysis', (m) => new m.Analysis(input, spec, design));
    this.#on = current;
  }

  /** The robustness check `<inno-scorecard>` offers, of a project file's text, with `n` base points. */
  static ofProject(project, n) {
    return new Analysis(MADE, guarded('Analysis.ofProject', (m) => m.Analysis.ofProject(project, n)));
  }

  #call(what, f) {
    if (this.#on !== current) throw new Error(`innoscore: Analysis.${what}: the module was started afresh since this analysis began: begin it again`);
    return guarded(`Analysis.${what}`, () => f(this.#inner));
  }

  advance(runs) {
    return this.#call('advance', (a) => a.advance(runs));
  }
  get done() {
    return this.#call('done', (a) => a.done);
  }
  get total() {
    return this.#call('total', (a) => a.total);
  }
  get finished() {
    return this.#call('finished', (a) => a.finished);
  }
  result() {
    return this.#call('result', (a) => a.result());
  }
  free() {
    if (this.#on === current) this.#inner.free();
  }
}
