#!/usr/bin/env node
// Bundles each entry point with @vercel/ncc into dist/ (committed: the action runs from it).
// Usage: node scripts/build.js
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

const entries = [
  { src: 'src/action/main.ts', out: 'dist' },
  // The action's post step: sweeps what killed builds left (small: no template language inside).
  { src: 'src/action/post-main.ts', out: 'dist/post' },
  { src: 'src/cli/index.ts', out: 'dist/cli', executable: true },
  // `kiln console`, `validate`, `inspect` (evaluator, functions, component schemas): loaded by
  // dist/cli/index.js only when one of them runs, so `kiln fmt` and `kiln version` do not compile
  // them (src/cli/template-commands-loader.ts).
  { src: 'src/cli/template-commands.ts', out: 'dist/cli/template' },
  // The remote functions' worker process, with the AWS SDK inside: the two bundles above start it
  // from ../remote-worker or ./remote-worker, so they never load the SDK themselves.
  { src: 'src/eval/functions/support/remote-worker-main.ts', out: 'dist/remote-worker' },
  // ECR logins (docker builder, docker-push): the AWS SDK's ECR clients, required only when used
  // (src/lazy-bundle.ts finds it from every bundle above).
  { src: 'src/plugins/builtin/docker/ecr-token.ts', out: 'dist/aws-ecr' },
  // ssh2, likewise: required by the SSH communicator and temporary key generation only.
  { src: 'src/communicators/ssh/ssh2-library.ts', out: 'dist/ssh2' },
];

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
  // ncc copies native addons it finds built in node_modules (ssh2's optional cpu-features and
  // sshcrypto). ssh2 falls back to Node's own crypto without them, and a binary built for this
  // machine's platform and Node ABI has no place in bundles that run anywhere: drop them, so dist/ is
  // the same whether or not npm managed to compile them here.
  removeNativeAddons(outDir);
  const file = path.join(outDir, 'index.js');
  if (entry.executable) {
    let code = fs.readFileSync(file, 'utf8');
    if (!code.startsWith('#!')) code = `#!/usr/bin/env node\n${code}`;
    fs.writeFileSync(file, code);
    fs.chmodSync(file, 0o755);
  }
}

function removeNativeAddons(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removeNativeAddons(p);
      if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
    } else if (entry.name.endsWith('.node')) {
      fs.rmSync(p);
    }
  }
}
