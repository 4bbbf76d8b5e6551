// The scripting API in a worker: the statistical audit and the robustness check of
// <inno-scorecard> run here, off the page's main thread, so that a page of thousands of units
// stays responsive while they run (inno-scorecard.js starts it at the first of them).
//
// Each message is a call, `{ id, call, args }`, or `{ cancel: id }`. An audit is answered with
// `{ id, value }`; a robustness check with `{ id, value: { total } }` once it has started, then
// `{ id, done }` as its runs are made, and `{ id, done, result }` at the end. A failure is
// `{ id, error }`, with the Error's message and `kind` ("unavailable" when the module could
// not be loaded). A trap of the module is recovered from as innoscore-api.js recovers; a module
// that could not be loaded is loaded again at the next call.
import init, { auditOfProject, Analysis } from './innoscore-api.js';

let loading = null;
const load = () =>
  (loading ??= init().catch((e) => {
    loading = null;
    throw e;
  }));

/** Runs of a robustness check made between two looks at the messages (a cancel, say). */
const RUNS = 8;
/** The robustness checks under way, by id: a cancel removes one. */
const running = new Set();

const calls = {
  audit(id, project, time) {
    postMessage({ id, value: auditOfProject(project, time) });
  },
  async robustness(id, project, n) {
    const analysis = Analysis.ofProject(project, n);
    running.add(id);
    try {
      postMessage({ id, value: { total: analysis.total } });
      while (running.has(id) && !analysis.finished) {
        analysis.advance(RUNS);
        postMessage({ id, done: analysis.done });
        await new Promise((next) => setTimeout(next));
      }
      if (running.has(id)) postMessage({ id, done: analysis.done, result: analysis.result() });
    } finally {
      running.delete(id);
      analysis.free();
    }
  },
};

addEventListener('message', async ({ data: { id, call, args, cancel } }) => {
  if (cancel) {
    running.delete(cancel);
    return;
  }
  const fail = (e, kind) => postMessage({ id, error: { message: e?.message ?? String(e), kind } });
  try {
    await load();
  } catch (e) {
    return fail(e, 'unavailable');
  }
  try {
    await calls[call](id, ...args);
  } catch (e) {
    fail(e, e?.kind);
  }
});
