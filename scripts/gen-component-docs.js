#!/usr/bin/env node
// Writes docs/components.md from the built-in component declarations (src/components/catalog.ts).
// Usage: node scripts/gen-component-docs.js [--check]
//   --check: write nothing; exit 1 when docs/components.md is not what the declarations render.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// The declarations are TypeScript: load them from the sources, no build needed.
require('./run-ts.js');
const { renderComponentDocs } = require('../src/components/docs.ts');
const { BUILTIN_COMPONENTS } = require('../src/components/catalog.ts');

const target = path.resolve(__dirname, '..', 'docs', 'components.md');
const rendered = renderComponentDocs(BUILTIN_COMPONENTS);

if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== rendered) {
    process.stderr.write('docs/components.md is stale: run npm run docs:components\n');
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, rendered);
}
