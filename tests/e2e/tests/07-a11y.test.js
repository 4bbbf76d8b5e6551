'use strict';
// 9. axe-core finds no WCAG 2.0/2.1 A and AA violations on the article page, with
// normal and large (elder) type, on each of the three editor tabs. axe scans open
// shadow roots, so the widget is checked together with the page around it.
//
// The context bypasses the CSP only so that axe can be injected as a script.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { setup, w, open, OUT } = require('../lib/harness');

const env = setup();
const AXE = require.resolve('axe-core/axe.min.js');

function describe(violations) {
  return violations.map((v) => [
    `- ${v.id} (${v.impact}): ${v.help}`,
    `  ${v.helpUrl}`,
    ...v.nodes.map((n) => `  * ${JSON.stringify(n.target)}\n    ${n.html.slice(0, 240)}\n    ${(n.failureSummary || '').replace(/\n/g, '\n    ')}`),
  ].join('\n')).join('\n');
}

for (const elder of [false, true]) {
  for (const tab of ['data', 'framework', 'method']) {
    const mode = elder ? 'elder' : 'normal';
    test(`axe: no WCAG 2.x A/AA violations on / (${mode} type, ${tab} tab)`, async () => {
      const page = await env.page({ bypassCSP: true });
      await open(page);
      if (elder) {
        await page.locator('inno-scorecard#index').evaluate((host) => host.setAttribute('elder', ''));
        await w(page, 'button[data-action=elder][aria-pressed=true]').waitFor();
      }
      await w(page, `[role=tab][data-tab=${tab}]`).click();
      await w(page, `[role=tab][data-tab=${tab}][aria-selected=true]`).waitFor();
      await w(page, '#editor').waitFor();
      if (elder) assert.notEqual(await page.locator('inno-scorecard#index').getAttribute('elder'), null);

      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
        resultTypes: ['violations'],
      }));
      const { violations } = result;
      // axe must have looked inside the widget's shadow root: a shadow-DOM node's
      // target is a path of selectors, e.g. [["inno-scorecard#index", "input[...]"]]
      const inShadow = result.passes.filter((r) => r.nodes.some((n) => Array.isArray(n.target[0])));
      assert.ok(inShadow.length > 0, 'axe checked nodes inside the shadow root');
      assert.ok(result.passes.some((r) => r.id === 'label'), 'axe checked the form fields (all inside the widget)');
      if (violations.length) {
        await page.screenshot({ path: path.join(OUT, `a11y-${mode}-${tab}.png`), fullPage: true });
        console.log(`axe violations (${mode}, ${tab}):\n${describe(violations)}`);
      }
      assert.equal(violations.length, 0, `axe violations (${mode} type, ${tab} tab):\n${describe(violations)}`);
    });
  }
}

/** Runs axe on the page and asserts no violation, saying in which state. */
async function assertNoViolations(page, state) {
  await page.addScriptTag({ path: AXE });
  const { violations } = await page.evaluate(() => window.axe.run(document, {
    runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
    resultTypes: ['violations'],
  }));
  if (violations.length) await page.screenshot({ path: path.join(OUT, `a11y-${state.replace(/\W+/g, '-')}.png`), fullPage: true });
  assert.equal(violations.length, 0, `axe violations (${state}):\n${describe(violations)}`);
}

// the states an analyst puts the widget in, beyond the tabs: each checked as it stands
const STATES = {
  'English': async (page) => {
    await w(page, 'button[data-action=lang][data-lang="en"]').click();
    await w(page, 'table.grid caption').filter({ hasText: 'Raw figures' }).waitFor();
  },
  'cells marked: an error, a doubt, and a sum shown': async (page) => {
    await w(page, 'table.grid tr[data-unit="BT"] input[data-col="RD_GDP"]').fill('abc');
    await w(page, 'table.grid tr[data-unit="HHHT"] input[data-col="RD_GDP"]').fill('1.29');
    await w(page, 'table.grid tr[data-unit="BT"] input[data-col="GDP"]').focus();
    await w(page, 'table.grid tr[data-unit="WH"] input[data-col="RD_GDP"]').focus();
  },
  'what-if open, with an answer': async (page) => {
    await w(page, 'select[data-action=unit]').selectOption('XAM');
    await w(page, 'details.whatif summary').click();
    await w(page, 'input[data-action=whatif][data-col=RD_GDP]').fill('3');
    await w(page, '#take-goal').fill('11');
    await w(page, '[data-action=take-run]').click();
    await w(page, '.whatif .take').waitFor();
  },
  'notes open': async (page) => {
    await w(page, 'details.warnings summary').click();
  },
  'a workbook asking which sheet': async (page) => {
    await w(page, 'input[type=file][data-action=import]').setInputFiles(path.join(__dirname, '..', '..', 'fixtures', 'workbook', 'default-data.xlsx'));
    await w(page, '.status .choose-sheet').waitFor();
  },
  'two units compared, and a share link shown': async (page) => {
    await w(page, '#compare-select').selectOption('BT');
    await w(page, '.comparison').waitFor();
    await w(page, '[data-action=share]').click();
    await w(page, 'input.share-link').waitFor();
  },
  'robustness shown': async (page) => {
    await w(page, 'button[data-action=robust-run]').click();
    await w(page, '.robust .explain').waitFor({ timeout: 90000 });
  },
  'the statistical audit shown, in elder mode': async (page) => {
    await page.locator('inno-scorecard#index').evaluate((host) => host.setAttribute('elder', ''));
    await w(page, 'button[data-action=audit-run]').click();
    await w(page, 'table.heat').first().waitFor({ timeout: 30000 });
  },
};

for (const [state, reach] of Object.entries(STATES)) {
  test(`axe: no WCAG 2.x A/AA violations with ${state}`, async () => {
    const page = await env.page({ bypassCSP: true });
    await open(page);
    await reach(page);
    await assertNoViolations(page, state);
  });
}
