// Writes a county-level data set for the benchmarks: China's 2,800 counties (by default), 50
// indicators in 7 pillars, 10 years, as iData.csv and iMeta.csv in COINr's format. The same
// seed gives the same files, byte for byte.
//
//   node scripts/gen-county.mjs [--units 2800] [--indicators 50] [--years 10] [--seed 1] [--out target/county]
//
// The figures are skewed (so that treatment has work to do), about 2% are missing (so that
// imputation has work to do), one indicator in ten is "lower is better", and each county
// belongs to one of 31 provinces (Province_group, for imputation by group mean).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '2800' },
    indicators: { type: 'string', default: '50' },
    years: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'target/county' },
  },
});
const count = (name) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`gen-county: --${name} must be a whole number of at least 1, not '${values[name]}'`);
  return n;
};
const [units, indicators, years, seed] = ['units', 'indicators', 'years', 'seed'].map(count);
const pillars = Math.min(7, indicators);

// mulberry32: a small, well-known 32-bit generator; enough for benchmark data.
let state = seed >>> 0;
function uniform() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const imeta = ['Level,iCode,iName,Direction,Weight,Parent,Type'];
for (let i = 0; i < indicators; i++) {
  const direction = i % 10 === 9 ? -1 : 1;
  imeta.push(`1,i${i + 1},Indicator ${i + 1},${direction},1,P${(i % pillars) + 1},Indicator`);
}
for (let p = 0; p < pillars; p++) imeta.push(`2,P${p + 1},Pillar ${p + 1},1,1,Index,Aggregate`);
imeta.push('3,Index,Index,1,1,,Aggregate');

const header = ['uCode', 'uName', 'Time', 'Province_group'];
for (let i = 0; i < indicators; i++) header.push(`i${i + 1}`);
const idata = [header.join(',')];
const firstYear = 2024 - years;
for (let u = 0; u < units; u++) {
  const code = `C${String(u + 1).padStart(4, '0')}`;
  const province = `P${String((u % 31) + 1).padStart(2, '0')}`;
  // each county has its own level, which grows a little each year
  const level = 0.5 + uniform();
  for (let y = 0; y < years; y++) {
    const row = [code, `County ${u + 1}`, firstYear + y, province];
    for (let i = 0; i < indicators; i++) {
      if (uniform() < 0.02) {
        row.push('');
      } else {
        const x = uniform();
        row.push((level * (1 + 0.03 * y) * (1 + 100 * x * x * x)).toFixed(3));
      }
    }
    idata.push(row.join(','));
  }
}

mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'iMeta.csv'), imeta.join('\n') + '\n');
writeFileSync(join(values.out, 'iData.csv'), idata.join('\n') + '\n');
// the default scorecard's pipeline, without denominators
const pipeline = [
  { step: 'impute', method: 'mean_group', group: 'Province_group' },
  { step: 'treat', winmax: 5, skew: 2, kurtosis: 3.5, global: true },
  { step: 'normalise', method: 'minmax', range: [0, 100], global: true },
  { step: 'aggregate', method: 'arithmetic' },
];
writeFileSync(join(values.out, 'pipeline.json'), JSON.stringify(pipeline, null, 1) + '\n');
console.log(`gen-county: ${units} units x ${indicators} indicators x ${years} years (seed ${seed}) in ${values.out}/`);
