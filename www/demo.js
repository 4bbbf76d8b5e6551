// Interim demo (issue 2): run the default pipeline in WebAssembly and show a
// ranking table for one year. Text is only ever set with textContent — this
// page runs under a strict CSP (no inline script/style, no innerHTML).

const app = document.getElementById('app');

/** createElement + optional class + optional text. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

const DASH = '—';

/** Rows may arrive as ES Maps (serde-wasm-bindgen's default for maps). */
function plain(row) {
  return row instanceof Map ? Object.fromEntries(row) : row;
}

function rowsOf(value) {
  if (value instanceof Map) value = [...value.values()];
  return Array.isArray(value) ? value.map(plain) : [];
}

function fmtScore(v) {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(1) : DASH;
}

function fmtRank(v) {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? String(Math.round(n)) : DASH;
}

function rankKey(r) {
  const n = Number(r.Rank);
  return r.Rank === null || r.Rank === undefined || !Number.isFinite(n) ? Infinity : n;
}

function isAggregate(row) {
  return row && row.Type === 'Aggregate';
}

function levelOf(row) {
  const n = Number(row.Level); // Level may arrive as number or string
  return Number.isFinite(n) ? n : NaN;
}

/** Level-2 aggregates (the seven pillars) in framework order. */
function pillarsOf(iMeta) {
  return iMeta
    .filter((row) => isAggregate(row) && levelOf(row) === 2)
    .map((row) => ({
      code: row.iCode,
      label: row.iName_zh || row.iName || row.iCode,
    }));
}

/** Key of the overall index in the results: "Index", else the top aggregate. */
function indexKeyOf(iMeta, results) {
  if (results.some((r) => r && Object.hasOwn(r, 'Index'))) return 'Index';
  const aggs = iMeta.filter(isAggregate);
  const top = Math.max(...aggs.map(levelOf).filter(Number.isFinite));
  const tops = aggs.filter((row) => levelOf(row) === top);
  return tops.length === 1 ? tops[0].iCode : 'Index';
}

function yearsOf(results) {
  const seen = new Map();
  for (const r of results) {
    if (r.Time !== null && r.Time !== undefined) seen.set(String(r.Time), r.Time);
  }
  return [...seen.keys()].sort((a, b) => {
    const na = Number(a);
    const nb = Number(b);
    return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b);
  });
}

function showError(err) {
  const box = el('div', 'error-box');
  box.setAttribute('role', 'alert');
  box.append(el('strong', null, '计算失败：'));
  const msg = err && err.message ? err.message : String(err);
  box.append(el('span', null, msg));
  app.replaceChildren(box);
}

function renderTable(rows, pillars, indexKey, year) {
  const table = el('table', 'results');
  table.append(el('caption', null, `${year} 年各盟市创新驱动发展指数`));

  const head = el('thead');
  const hr = el('tr');
  const headers = ['排名', '盟市', '综合指数', ...pillars.map((p) => p.label)];
  headers.forEach((h, i) => {
    const th = el('th', i === 1 ? 'text' : 'num', h);
    th.scope = 'col';
    hr.append(th);
  });
  head.append(hr);

  const body = el('tbody');
  const sorted = rows
    .slice()
    .sort((a, b) => rankKey(a) - rankKey(b) ||
      String(a.uName ?? a.uCode).localeCompare(String(b.uName ?? b.uCode), 'zh-CN'));
  for (const r of sorted) {
    const tr = el('tr');
    tr.append(el('td', 'num', fmtRank(r.Rank)));
    const name = el('th', 'text', r.uName ?? r.uCode ?? DASH);
    name.scope = 'row';
    tr.append(name);
    tr.append(el('td', 'num index', fmtScore(r[indexKey])));
    for (const p of pillars) tr.append(el('td', 'num', fmtScore(r[p.code])));
    body.append(tr);
  }
  table.append(head, body);

  const wrap = el('div', 'table-wrap');
  wrap.append(table);
  return wrap;
}

function renderWarnings(warnings) {
  if (!Array.isArray(warnings) || warnings.length === 0) return null;
  const box = el('section', 'warnings');
  box.append(el('h3', null, `计算提示（${warnings.length}）`));
  const list = el('ul');
  for (const w of warnings) {
    const li = el('li');
    if (w && w.kind) li.append(el('code', null, w.kind), ' ');
    li.append(w && w.message !== undefined ? String(w.message) : String(w));
    list.append(li);
  }
  box.append(list);
  return box;
}

function renderNotes() {
  const notes = el('div', 'notes');
  notes.append(el('p', null, '部分数据为示例数据（illustrative），不代表官方统计。'));
  const method = el('p', null, '方法说明见 ');
  method.append(el('code', null, 'docs/METHODOLOGY.md'), '。');
  notes.append(method);
  return notes;
}

function render(rawOut, rawMeta) {
  const out = plain(rawOut) || {};
  const iMeta = rowsOf(rawMeta);
  const results = rowsOf(out.results);
  const pillars = pillarsOf(iMeta);
  const indexKey = indexKeyOf(iMeta, results);
  const years = yearsOf(results);

  const controls = el('div', 'controls');
  const label = el('label', null, '年份');
  label.htmlFor = 'year';
  const select = el('select');
  select.id = 'year';
  for (const y of years) {
    const opt = el('option', null, y);
    opt.value = y;
    select.append(opt);
  }
  if (years.length) select.value = years[years.length - 1]; // latest
  controls.append(label, select);

  const tableSlot = el('div', 'table-slot');
  const draw = () => {
    const year = select.value;
    const rows = results.filter((r) => String(r.Time) === year);
    tableSlot.replaceChildren(
      rows.length ? renderTable(rows, pillars, indexKey, year) : el('p', 'status', '没有可显示的结果。'),
    );
  };
  select.addEventListener('change', draw);
  draw();

  const parts = [controls, tableSlot];
  const warn = renderWarnings(rowsOf(out.warnings));
  if (warn) parts.push(warn);
  parts.push(renderNotes());
  app.replaceChildren(...parts);
}

async function main() {
  try {
    // Dynamic import so that a missing build (no pkg/) is reported on the page.
    const wasm = await import('./pkg/innoscore.js');
    await wasm.default();
    const iMeta = wasm.defaultFramework();
    const iData = wasm.defaultData();
    const pipeline = wasm.defaultPipeline();
    const out = wasm.score({ iData, iMeta, pipeline });
    render(out, iMeta);
  } catch (err) {
    console.error(err);
    showError(err);
  }
}

main();
