'use strict';
// The default method does what it says: outliers are treated over the same span as scores are
// scaled (all years), so a higher R&D intensity never shows a lower score, in any unit and year.
// Before, 包头's 2.10 % in 2020 scored 100 and its higher 2.15 % in 2021 scored 56.1.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, UNITS, setup, w, open } = require('../lib/harness');

const env = setup();

/** R&D intensity by unit and year from data/default_iData.csv: spending / GDP × 100. */
function intensities() {
  const [header, ...rows] = fs.readFileSync(path.join(REPO, 'data', 'default_iData.csv'), 'utf8').trimEnd().split('\n');
  const at = (name) => header.split(',').indexOf(name);
  return rows.map((line) => line.split(',')).map((r) => ({
    unit: r[at('uCode')], year: r[at('Time')], value: (Number(r[at('RD_GDP')]) / Number(r[at('GDP')])) * 100,
  }));
}

test('a higher R&D intensity never shows a lower score, in any unit or year', async () => {
  const page = await env.page();
  await open(page);
  const all = intensities();
  assert.equal(all.length, 60);
  // 包头: 58.53 / 2782.5 = 2.10 % in 2020, 70.71 / 3281.7 = 2.15 % in 2021
  const bt = (y) => all.find((r) => r.unit === 'BT' && r.year === y).value;
  assert.ok(bt('2021') > bt('2020') && bt('2020') > 2.1 && bt('2021') < 2.16);
  const shown = [];
  for (const year of ['2019', '2020', '2021', '2022', '2023']) {
    await w(page, 'select[data-action=year][data-place=results]').selectOption(year);
    for (const unit of UNITS) {
      await w(page, 'select[data-action=unit]').selectOption(unit);
      const row = w(page, `.unit-block[data-unit="${unit}"] table.contrib tbody tr`).filter({ hasText: 'R&D经费投入强度' });
      const score = Number(await row.locator('td').first().textContent());
      shown.push({ unit, year, score, value: all.find((r) => r.unit === unit && r.year === year).value });
    }
  }
  shown.sort((a, b) => a.value - b.value);
  for (let i = 1; i < shown.length; i++) {
    const [lo, hi] = [shown[i - 1], shown[i]];
    assert.ok(hi.score >= lo.score, `${hi.unit} ${hi.year} (${hi.value.toFixed(3)} %) scores ${hi.score}, below ${lo.unit} ${lo.year} (${lo.value.toFixed(3)} %) at ${lo.score}`);
  }
  const score = (u, y) => shown.find((r) => r.unit === u && r.year === y).score;
  assert.ok(score('BT', '2021') >= score('BT', '2020'), '包头 2021 against 2020');
});
