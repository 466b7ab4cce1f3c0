/**
 * Property test over the whole language pipeline: thousands of random mutations of valid Packer
 * templates go through parse → evaluate every attribute → format (and the JSON syntax through parse →
 * schema decode → evaluate). Whatever the input, nothing may throw an exception (user mistakes are
 * diagnostics) and every input must finish within a bounded time.
 */
import fc from 'fast-check';

import { EvalContext } from '../../src/eval/context';
import { evaluate } from '../../src/eval/evaluate';
import { packerFunctions } from '../../src/eval/functions';
import { evaluateSyntaxExpression } from '../../src/eval/json';
import { formatHCL } from '../../src/hcl/format/format';
import { parseFile } from '../../src/hcl/parse';
import type { Body } from '../../src/hcl/syntax/ast';
import { parseConfig } from '../../src/hcl/syntax/parser';
import { Value } from '../../src/values';
import { applyMutations, textMutation } from '../support/fuzz/mutations';
import { HCL_DELIMITERS } from '../support/fuzz/fragments';

const native = `
variable "region" {
  type    = string
  default = "eu-west-1"
}
locals {
  names  = [for i, n in ["a", "b", "c"] : "\${n}-\${i}" if n != "b"]
  merged = merge({ a = 1 }, { b = [1, 2, 3][*] })
  text   = <<-EOT
    hello %{ for n in ["x", "y"] ~}\${upper(n)} %{ endfor ~}
    %{ if length(var.region) > 3 }long%{ else }short%{ endif }
  EOT
  math   = (1 + 2) * 3 / 4 % 5 - -1 == 3.25 ? !true : 1 >= 2 || 2 <= 3 && 4 != 5
  splat  = [{ a = { b = 1 } }, { a = { b = 2 } }].*.a.b
  calls  = format("%s-%03d", try(var.region, "x"), sum([1, 2, 3]...))
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
  provisioner "shell-local" {
    inline = ["echo \${local.names[0]}", "echo \${jsonencode(local.merged)}"]
  }
}
`;

const json = JSON.stringify({
  variable: { region: { type: 'string', default: 'eu-west-1' } },
  locals: { greeting: '${upper(var.region)}-${1 + 2}', list: ['a', '${local.greeting}'] },
  source: { null: { x: { communicator: 'none' } } },
  build: [{ sources: ['source.null.x'], provisioner: [{ 'shell-local': { inline: ['echo hi'] } }] }],
});

const mutation = textMutation({
  insert: fc.oneof(
    fc.constantFrom(...HCL_DELIMITERS, '...', '.*', '[*]'),
    fc.constantFrom(
      '=',
      ':',
      '?',
      ',',
      '\n',
      '#',
      '//',
      '/*',
      '*/',
      '\\',
      '\\u{',
      'for',
      'if',
      'in',
      'null',
      '=>',
    ),
    fc.string({ maxLength: 6 }),
  ),
  maxDelete: 12,
  maxDuplicate: 60,
});

const ctx = new EvalContext({
  variables: {
    var: Value.object({ region: Value.string('eu-west-1') }),
    local: Value.object({ names: Value.tuple([Value.string('a')]), merged: Value.object({}) }),
  },
  functions: packerFunctions({ baseDir: __dirname, env: {} }),
});

function evaluateAll(body: Body): void {
  for (const attr of body.attributes) evaluate(attr.expr, ctx);
  for (const block of body.blocks) evaluateAll(block.body);
}

const PER_INPUT_MS = 500;

describe('language pipeline under random mutation', () => {
  it('native syntax: parse, evaluate and format never throw and finish quickly', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
        const src = applyMutations(native, muts);
        const started = Date.now();
        const { body } = parseConfig(src, 'fuzz.pkr.hcl');
        evaluateAll(body);
        formatHCL(src, 'fuzz.pkr.hcl');
        expect(Date.now() - started).toBeLessThan(PER_INPUT_MS);
      }),
      { numRuns: 1500, seed: 20261122 },
    );
  });

  it('JSON syntax: parse, decode and evaluate never throw and finish quickly', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
        const src = applyMutations(json, muts);
        const started = Date.now();
        const { body } = parseFile(src, 'fuzz.pkr.json');
        const { attributes } = body.justAttributes();
        for (const attr of attributes.values()) evaluateSyntaxExpression(attr.expr, ctx);
        const { content } = body.partialContent({
          attributes: [],
          blocks: [
            { type: 'locals', labelNames: [] },
            { type: 'variable', labelNames: ['name'] },
          ],
        });
        for (const block of content.blocks) {
          for (const attr of block.body.justAttributes().attributes.values())
            evaluateSyntaxExpression(attr.expr, ctx);
        }
        expect(Date.now() - started).toBeLessThan(PER_INPUT_MS);
      }),
      { numRuns: 1000, seed: 20261122 },
    );
  });
});
