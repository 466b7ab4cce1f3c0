#!/usr/bin/env node
// Bundles each entry point with @vercel/ncc into dist/ (committed: the action runs from it).
// Usage: node scripts/build.js
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

// The lazily loaded bundles are declared once, in src/lazy-bundles.ts; read it from the sources.
require('./run-ts');
const { LAZY_BUNDLES } = require('../src/lazy-bundles.ts');

const entries = [
  { src: 'src/action/main.ts', out: 'dist' },
  // The action's post step: sweeps what killed builds left (small: no template language inside).
  { src: 'src/action/post-main.ts', out: 'dist/post' },
  { src: 'src/cli/index.ts', out: 'dist/cli', executable: true },
  ...Object.entries(LAZY_BUNDLES).map(([name, source]) => ({ src: `src/${source}.ts`, out: `dist/${name}` })),
];

// What a bundle directory holds: its code and the licences of what it bundles.
const SHIPPED = new Set(['index.js', 'licenses.txt']);
// Files that ncc copies beside a bundle (assets it finds referenced) and that Kiln deliberately
// does not ship; the bundled code copes with their absence. Any other extra file fails the build,
// so that nothing reaches the committed dist/ unvetted.
const DROPPED = {
  // ssh2's Pageant client (agent.js): a Windows executable, started only on Windows when the agent
  // is the literal "pageant". Kiln passes SSH_AUTH_SOCK, a socket or pipe path, as the agent.
  'dist/ssh2/pagent.exe': true,
  // Native addons (cpu-features, ssh2's sshcrypto), present only when npm built them on this
  // machine: they would tie dist/ to one platform and Node ABI. ssh2 requires them in a try and
  // falls back to Node's crypto, as it does from the committed dist/, where they never were.
  'dist/ssh2/build/Release/cpufeatures.node': true,
  'dist/ssh2/lib/protocol/crypto/build/Release/sshcrypto.node': true,
};

// Start from an empty dist/ so that no asset a bundle no longer needs stays behind.
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });

for (const entry of entries) {
  const outDir = path.join(root, entry.out);
  execFileSync(
    process.execPath,
    [ncc, 'build', entry.src, '-o', entry.out, '--license', 'licenses.txt', '--transpile-only', '-q'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const file = path.join(outDir, 'index.js');
  if (entry.executable) {
    let code = fs.readFileSync(file, 'utf8');
    if (!code.startsWith('#!')) code = `#!/usr/bin/env node\n${code}`;
    fs.writeFileSync(file, code);
    fs.chmodSync(file, 0o755);
  }
}

/** Every file under dir, as paths relative to root with forward slashes. */
function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : [path.relative(root, p).split(path.sep).join('/')];
  });
}

const bundleDirs = new Set(entries.map((e) => e.out));
const unexpected = [];
for (const file of filesUnder(path.join(root, 'dist'))) {
  if (bundleDirs.has(path.posix.dirname(file)) && SHIPPED.has(path.posix.basename(file))) continue;
  if (DROPPED[file]) fs.rmSync(path.join(root, file));
  else unexpected.push(file);
}
/** Removes the directories under dir that the dropped files left empty. */
function pruneEmptyDirectories(dir) {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const p = path.join(dir, d.name);
    pruneEmptyDirectories(p);
    if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
  }
}
pruneEmptyDirectories(path.join(root, 'dist'));
if (unexpected.length > 0) {
  process.stderr.write(
    `scripts/build.js: ncc put files into dist/ that are not vetted (ship them deliberately or list them in DROPPED):\n  ${unexpected.join('\n  ')}\n`,
  );
  process.exit(1);
}
