// Lets Node run TypeScript files of the source tree: `node --require scripts/run-ts.js file.ts`.
// Used to start the remote-function worker from the sources (tests through ts-jest, no build
// needed). Each file is transpiled alone with the project's typescript package (no type check: tsc
// and ts-jest do that) and cached under node_modules/.cache, keyed by content, so only the first
// run of a changed file pays for loading the compiler.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'kiln-run-ts');
let ts;

function compiler() {
  if (ts === undefined) ts = require(require.resolve('typescript', { paths: [root] }));
  return ts;
}

function compilerVersion() {
  try {
    return JSON.parse(fs.readFileSync(require.resolve('typescript/package.json', { paths: [root] }), 'utf8'))
      .version;
  } catch {
    return 'unknown';
  }
}

const version = compilerVersion();

function transpile(source, filename) {
  const key = crypto
    .createHash('sha256')
    .update(`${version}\0${filename}\0${source}`)
    .digest('hex')
    .slice(0, 40);
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // Not cached yet.
  }
  const t = compiler();
  const output = t.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: t.ModuleKind.CommonJS,
      target: t.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: false,
      inlineSourceMap: false,
    },
  }).outputText;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // Write then rename, so a concurrent reader never sees half a file.
    const temp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temp, output);
    fs.renameSync(temp, cached);
  } catch {
    // A read-only checkout still works, only slower.
  }
  return output;
}

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
