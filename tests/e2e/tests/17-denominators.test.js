'use strict';
// A denominator that is empty, zero or below cannot silently distort: it is flagged in its cell
// like any bad value, the results stay on screen, and only the indicators divided by it go
// missing, for that unit, with a note that names the unit, the denominator and the indicators.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { setup, w, open, ranking, cell } = require('../lib/harness');

const env = setup();

/** The message shown under a grid cell. */
const messageOf = (page, unit, col) => w(page, `table.grid tr[data-unit="${unit}"] td:has(input[data-col="${col}"]) .cell-msg`).textContent();

/** The notes above the ranking. */
const notes = (page) => w(page, 'section.results p.msg').allTextContents();

/** Unit `unit`'s score on pillar `pillar` in the ranking, as shown. */
const pillarScore = (page, unit, pillar) => w(page, `table.ranking tr[data-unit="${unit}"] td[data-col="${pillar}"]`).evaluate((td) => td.firstChild.textContent);

for (const [typed, flagged] of [['-1', '分母必须大于 0（-1）'], ['0', '分母必须大于 0（0）'], ['', '缺少分母']]) {
  test(`GDP typed as "${typed}" is flagged in its cell; only what it divides goes missing, and says so`, async () => {
    const page = await env.page();
    await open(page);
    const before = await ranking(page);
    const labsBefore = await pillarScore(page, 'HHHT', 'Platforms');
    await cell(page, 'HHHT', 'GDP').fill(typed);
    assert.equal(await messageOf(page, 'HHHT', 'GDP'), `${flagged}: 以它为分母的指标按缺失值处理，直到修正`);
    assert.equal(await cell(page, 'HHHT', 'GDP').getAttribute('aria-invalid'), 'true');
    // the results stay: every unit still ranked, and 呼和浩特市's other pillars unchanged
    const after = await ranking(page);
    assert.equal(after.length, 12);
    assert.ok(after.every((r) => /^\d+$/.test(r.rank)), 'every unit has a rank');
    assert.equal(await pillarScore(page, 'HHHT', 'Platforms'), labsBefore, 'a pillar without GDP in it is unchanged');
    assert.notDeepEqual(after, before, 'R&D intensity and technology absorption are missing for 呼和浩特市, so its index moves');
    assert.deepEqual(await notes(page), [
      '呼和浩特市（2023 年）的“地区生产总值”为空或不大于 0，R&D经费投入强度、吸纳技术合同成交额占地区生产总值比重按缺失值计算',
    ]);
    // fixed, the flag and the note go
    await cell(page, 'HHHT', 'GDP').fill('2800');
    assert.equal(await cell(page, 'HHHT', 'GDP').getAttribute('aria-invalid'), null);
    assert.deepEqual(await notes(page), []);
  });
}
