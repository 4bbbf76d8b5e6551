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
