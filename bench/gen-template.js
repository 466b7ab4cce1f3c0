#!/usr/bin/env node
// Generates the large benchmark template: 2,000 variables, 2,000 locals, 200 sources and 500
// provisioners (~350 KB), already in canonical `packer fmt` form. Deterministic output.
// Usage: node bench/gen-template.js OUT.pkr.hcl
'use strict';
const fs = require('node:fs');

/** Consecutive single-line attributes with their `=` aligned, as `packer fmt` writes them. */
function attrs(indent, pairs) {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`);
}

function variable(i) {
  const kind = i % 4;
  const pairs =
    kind === 0
      ? [
          ['type', 'string'],
          ['default', `"value-${i}"`],
        ]
      : kind === 1
        ? [
            ['type', 'number'],
            ['default', `${i * 3}`],
          ]
        : kind === 2
          ? [
              ['type', 'list(string)'],
              ['default', `["a-${i}", "b-${i}", "c-${i}"]`],
            ]
          : [
              ['type', 'map(string)'],
              ['default', `{ name = "n-${i}", zone = "z-${i % 7}" }`],
            ];
  if (i % 10 === 0) pairs.push(['description', `"Variable ${i}"`]);
  return [`variable "var_${i}" {`, ...attrs('  ', pairs), '}', ''];
}

function local(i) {
  const base = i - (i % 4);
  switch (i % 5) {
    case 0:
      return [`local_${i}`, `"\${var.var_${base}}-\${upper("suffix")}-${i}"`];
    case 1:
      return [`local_${i}`, `var.var_${base + 1} * 2 + ${i}`];
    case 2:
      return [`local_${i}`, `[for s in var.var_${base + 2} : upper(s) if s != ""]`];
    case 3:
      return [`local_${i}`, `merge(var.var_${base + 3}, { index = "${i}" })`];
    default:
      return [`local_${i}`, `join(",", [local.local_${i - 4}, local.local_${i - 1}.index])`];
  }
}

function generate() {
  const out = ['packer {', '  required_version = ">= 1.7.0"', '}', ''];
  for (let i = 0; i < 2000; i++) out.push(...variable(i));
  out.push(
    'locals {',
    ...attrs(
      '  ',
      Array.from({ length: 2000 }, (_, i) => local(i)),
    ),
    '}',
    '',
  );
  for (let i = 0; i < 200; i++) out.push(`source "null" "src_${i}" {`, '  communicator = "none"', '}', '');
  const sources = Array.from({ length: 200 }, (_, i) => `"source.null.src_${i}"`).join(', ');
  out.push('build {', `  sources = [${sources}]`, '');
  for (let i = 0; i < 500; i++) {
    if (i % 2 === 0) {
      out.push('  provisioner "shell-local" {');
      out.push(
        `    inline = ["echo \${local.local_${(i * 5) % 2000}} step ${i}", "echo \${var.var_${(i * 4) % 2000}}"]`,
      );
    } else {
      out.push('  provisioner "file" {');
      out.push(
        ...attrs('    ', [
          ['content', `"n=${i} \${local.local_${(i * 3) % 2000}}"`],
          ['destination', `"/tmp/file-${i}.txt"`],
        ]),
      );
    }
    out.push('  }', '');
  }
  out[out.length - 1] = '}';
  return out.join('\n') + '\n';
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: node bench/gen-template.js OUT.pkr.hcl\n');
    process.exit(2);
  }
  fs.writeFileSync(target, generate());
}

module.exports = { generate };
