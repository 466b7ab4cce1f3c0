#!/usr/bin/env node
// Generates a template for the `validate` benchmark: S sources × P provisioners in one build, plus
// V variables and L locals. Every component is one Kiln ships, so validation decodes each of them.
// Usage: node bench/gen-validate-template.js DIR [sources] [provisioners] [variables] [locals]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function generate({ sources, provisioners, variables, locals }) {
  const out = [];
  for (let i = 0; i < variables; i++) {
    out.push(`variable "v${i}" {`, '  type    = string', `  default = "value-${i}"`, '}', '');
  }
  out.push('locals {');
  for (let i = 0; i < locals; i++) {
    const v = variables > 0 ? `\${var.v${i % variables}}` : 'x';
    out.push(i % 3 === 2 ? `  l${i} = "\${local.l${i - 1}}-${i}"` : `  l${i} = "${v}-${i}"`);
  }
  out.push('}', '');
  for (let s = 0; s < sources; s++) {
    out.push(
      `source "docker" "s${s}" {`,
      locals > 0 ? `  image  = "debian:bookworm-\${local.l${s % locals}}"` : '  image  = "debian:bookworm"',
      '  commit = true',
      `  changes = ["ENV SOURCE ${s}"]`,
      '}',
      '',
    );
  }
  out.push(
    'build {',
    `  sources = [${Array.from({ length: sources }, (_, s) => `"source.docker.s${s}"`).join(', ')}]`,
    '',
  );
  for (let p = 0; p < provisioners; p++) {
    if (p % 2 === 0) {
      out.push(
        '  provisioner "shell" {',
        `    inline           = ["echo ${p} \${source.name}", "echo ${variables > 0 ? `\${var.v${p % variables}}` : p}"]`,
        `    environment_vars = ["STEP=${p}", "BUILD=\${build.name}"]`,
        '    execute_command  = "chmod +x {{ .Path }}; {{ .Vars }} sh {{ .Path }}"',
        '  }',
      );
    } else {
      out.push(
        '  provisioner "file" {',
        `    content     = "step ${p} for \${source.name}"`,
        `    destination = "/tmp/step-${p}"`,
        '  }',
      );
    }
  }
  out.push('  post-processor "manifest" {}', '}', '');
  return out.join('\n');
}

function write(dir, opts) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'bench.pkr.hcl');
  fs.writeFileSync(file, generate(opts));
  return file;
}

module.exports = { generate, write };

if (require.main === module) {
  const [dir, s = '40', p = '100', v = '1000', l = '1000'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: gen-validate-template.js DIR [sources] [provisioners] [variables] [locals]');
    process.exit(2);
  }
  write(dir, { sources: +s, provisioners: +p, variables: +v, locals: +l });
}
