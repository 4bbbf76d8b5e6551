// Writes a gzip (.gz, level 9) and a brotli (.br, quality 11) copy beside every .wasm, .js and
// .json file under the folders given, for servers that send precompressed files (scripts/serve.py;
// nginx with gzip_static and brotli_static, see the README). A copy is written only when it is
// smaller than the file; a stale copy of a file that no longer has one is removed.
//
//   node scripts/precompress.mjs pkg       (make build runs it)
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(wasm|js|json)$/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

const folders = process.argv.slice(2);
if (folders.length === 0) throw new Error('precompress: name the folders to compress, such as pkg');
let raw = 0;
let brotli = 0;
for (const folder of folders) {
  for (const path of files(folder)) {
    const bytes = readFileSync(path);
    const copies = {
      '.gz': gzipSync(bytes, { level: 9 }),
      '.br': brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
    };
    for (const [suffix, copy] of Object.entries(copies)) {
      if (copy.length < bytes.length) writeFileSync(path + suffix, copy);
      else rmSync(path + suffix, { force: true });
    }
    raw += statSync(path).size;
    brotli += Math.min(bytes.length, copies['.br'].length);
  }
}
console.log(`precompress: ${folders.join(', ')}: ${raw} B, ${brotli} B as brotli`);
