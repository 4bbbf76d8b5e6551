// A script that uses the API as documented: it must type-check against pkg/innoscore.d.ts.
import init, { score, uncertainty, sensitivity, defaultData, defaultFramework, defaultPipeline, Analysis, correlations, cronbach, pca, effectiveWeights, removeElements, copeland } from '../../pkg/innoscore.js';
import { readText } from '../../pkg/text/innoscore_text.js';
import type { ScoreInput, ScoreOutput, PipelineStep, AnalysisSpec, Warning, Row, SensitivityOutput } from '../../pkg/innoscore.js';

await init();

const pipeline: PipelineStep[] = [
  { step: 'denominate' },
  { step: 'impute', method: 'mean_group', group: 'Region_group' },
  { step: 'treat', winmax: 5, indicators: { RD: 'none', Patents: { skew: 2.5 } } },
  { step: 'normalise', method: 'minmax', range: [0, 100], global: true, indicators: { KeyLab: { method: 'standard' } } },
  { step: 'aggregate', method: { '2': 'arithmetic', '3': 'geometric' }, min_availability: 0.5 },
];
// COINr's other methods
const others: PipelineStep[] = [
  { step: 'treat', winmax: 1, transform: 'boxcox', lambda: 0.5 },
  { step: 'normalise', method: 'dist2ref', ref: 'HHHT', cap: true, indicators: { KeyLab: { method: 'scaled', center_scale: [10, 2] } } },
  { step: 'aggregate', method: 'generalised', p: 2 },
  { step: 'aggregate', method: { '2': 'copeland' } },
];
const rows: Row[] = defaultData();
const input: ScoreInput = { iData: rows, iMeta: defaultFramework(), pipeline };
// the statistical audit
const audit = {
  corr: correlations(input, { levels: [1, 2], method: 'spearman', withParent: true }).map((c) => c.r),
  alpha: cronbach(input, { group: 'Talent', level: 1 }),
  share: pca(input, { dataset: 'Normalised', level: 1 }).variance[0],
  effective: effectiveWeights(input).map((w) => w.effective),
  removal: removeElements(input, { level: 2 }).map((r) => r.meanAbsRankChange),
  copeland: copeland(input).map((c) => c.score),
};
const out: ScoreOutput = score(input, { datasets: ['Normalised'] });
const first = out.results[0];
const name: string = first.uName;
const rank: number | null = first.Rank;
const normalised: Row[] | undefined = out.datasets?.Normalised;
for (const w of out.warnings) {
  const text: string = w.message;
  if (w.kind === 'winsorised') {
    const points: number = w.points;
  }
}
score({ iData: 'uCode,a\nX,1\n', iMeta: 'Level,iCode,Direction,Weight,Parent,Type\n', pipeline: defaultPipeline() });
score(input);

const spec: AnalysisSpec = {
  n: 100,
  seed: 1,
  choices: [
    { step: 'treat', option: 'winmax', values: [1, 2, 3] },
    { weights: { level: 2, noise: 0.25 } },
  ],
};
const u = uncertainty(input, spec);
const q: number | null = u.units[0].q95;
const s = sensitivity(input, spec);
const first_order: number = s.choices[0].first;

// the same analysis a few runs at a time, as a page that shows progress makes it
const stepwise = new Analysis(input, spec, 'sensitivity');
while (!stepwise.finished) {
  stepwise.advance(20);
  const progress: number = stepwise.done / stepwise.total;
}
const again = stepwise.result() as SensitivityOutput;
stepwise.free();

// a CSV file's bytes as Excel or WPS saved them, read before scoring
const file = readText(new Uint8Array([0x75, 0x43, 0x6f, 0x64, 0x65]));
const csv: string = file.text;
const encoding: string = file.encoding;
export { audit, others, name, rank, normalised, q, first_order, again, csv, encoding };
