'use strict';
// Type-checks good.ts and bad.ts against pkg/innoscore.d.ts (the declarations wasm-pack writes
// from src/web/types.d.ts and the #[wasm_bindgen] signatures): the correct script must compile
// without a diagnostic, and each line of bad.ts marked `// error: <word>` must fail, with <word>
// in the compiler's message for that line.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const OPTIONS = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.esnext.d.ts', 'lib.dom.d.ts'],
  skipLibCheck: false,
};

function diagnostics(file) {
  const program = ts.createProgram([path.join(__dirname, file)], OPTIONS);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return { file: d.file ? path.basename(d.file.fileName) : '', line, text: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
  });
}

test('pkg/innoscore.d.ts declares no `any` in the public functions', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', '..', 'pkg', 'innoscore.d.ts'), 'utf8');
  const names = 'score|uncertainty|sensitivity|defaultData|defaultFramework|defaultPipeline|correlations|cronbach|pca|effectiveWeights|removeElements|copeland';
  const exported = dts.split('\n').filter((l) => new RegExp(`^export function (${names})\\(`).test(l));
  assert.equal(exported.length, 12, `the twelve functions are declared:\n${exported.join('\n')}`);
  for (const line of exported) assert.doesNotMatch(line, /\bany\b/, line);
});

test('a script that uses the API as documented type-checks', () => {
  assert.deepEqual(diagnostics('good.ts'), []);
});

test('each mistake in bad.ts is a type error naming the wrong field', () => {
  const source = fs.readFileSync(path.join(__dirname, 'bad.ts'), 'utf8').split('\n');
  const expected = source.map((text, i) => ({ line: i + 1, word: (text.match(/\/\/ error: (.+)$/) || [])[1] })).filter((e) => e.word);
  assert.ok(expected.length >= 9, 'bad.ts marks its mistakes');
  const found = diagnostics('bad.ts');
  for (const { line, word } of expected) {
    const here = found.filter((d) => d.file === 'bad.ts' && d.line === line);
    assert.ok(here.length > 0, `bad.ts:${line} should fail to type-check (${source[line - 1].trim()})`);
    assert.ok(here.some((d) => d.text.includes(word)), `bad.ts:${line}: no message names '${word}': ${here.map((d) => d.text).join(' | ')}`);
  }
  const unexpected = found.filter((d) => d.file !== 'bad.ts' || !expected.some((e) => e.line === d.line));
  assert.deepEqual(unexpected, [], 'only the marked lines fail');
});
