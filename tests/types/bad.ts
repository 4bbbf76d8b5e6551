// The same calls with mistakes a script writer makes: each line marked `error:` must fail to
// type-check, with the misspelt or wrong field named in the compiler's message.
import { score, uncertainty, Analysis, correlations, pca } from '../../pkg/innoscore.js';
import { readText } from '../../pkg/text/innoscore_text.js';

const iMeta = 'Level,iCode,Direction,Weight,Parent,Type\n';
score({ iData: 'uCode\n', iMeta, pipeline: [{ step: 'normalise', methd: 'minmax' }] }); // error: methd
score({ iData: 'uCode\n', iMeta, pipeline: [{ step: 'normalise', method: 'softmax' }] }); // error: softmax
score({ iData: 'uCode\n', iMeta, pipeline: [{ step: 'weigh' }] }); // error: weigh
score({ iData: 'uCode\n', imeta: iMeta }); // error: imeta
score({ iData: 'uCode\n', iMeta }, { datsets: true }); // error: datsets
score({ iData: 'uCode\n', iMeta }, { datasets: ['Normalized'] }); // error: Normalized
uncertainty({ iData: 'uCode\n', iMeta }, { n: 10, choices: [{ weights: { level: 2 } }] }); // error: noise
const out = score({ iData: 'uCode\n', iMeta });
out.results[0].Rank.toFixed(0); // error: possibly 'null'
out.warnings[0].points; // error: points
new Analysis({ iData: 'uCode\n', iMeta }, { n: 10, choices: [] }, 'sobol'); // error: sobol
readText('uCode\n'); // error: string
readText(new Uint8Array(0)).txt; // error: txt
correlations({ iData: 'uCode\n', iMeta }, { method: 'pearsons' }); // error: pearsons
pca({ iData: 'uCode\n', iMeta }, { levl: 1 }); // error: levl
