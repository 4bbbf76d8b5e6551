// The scripting API in a worker: the statistical audit of <inno-scorecard> runs here, off the
// page's main thread, so that a page of thousands of units stays responsive while it runs
// (inno-scorecard.js starts it at the first audit). Each message is a call,
// `{ id, call, args }`; the answer is `{ id, value }`, or `{ id, error }` with the Error's
// message and `kind`. A trap of the module is recovered from as innoscore-api.js recovers.
import init, { auditOfProject } from './innoscore-api.js';

const calls = { audit: (project, time) => auditOfProject(project, time) };
const ready = init();

addEventListener('message', async ({ data: { id, call, args } }) => {
  try {
    await ready;
    postMessage({ id, value: calls[call](...args) });
  } catch (e) {
    postMessage({ id, error: { message: e?.message ?? String(e), kind: e?.kind } });
  }
});
