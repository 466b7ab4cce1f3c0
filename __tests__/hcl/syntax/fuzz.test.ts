import fc from 'fast-check';
import { parseConfig, parseExpression, parseTemplate } from '../../../src/hcl/syntax/parser';
import { scanTokens } from '../../../src/hcl/syntax/scanner';
import { applyMutations, textMutation } from '../../support/fuzz/mutations';
import { HCL_DELIMITERS } from '../../support/fuzz/fragments';

/** A few valid Packer templates covering most of the syntax, to mutate. */
const seeds = [
  `packer {
  required_plugins {
    amazon = { version = ">= 1.0.0", source = "github.com/hashicorp/amazon" }
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

locals {
  ts    = formatdate("YYYYMMDDhhmmss", timestamp())
  names = [for s in var.sources : upper(s) if s != ""]
  tags  = { for k, v in var.tags : k => v... }
}

source "amazon-ebs" "ubuntu" {
  ami_name      = "packer-\${local.ts}"
  instance_type = var.big ? "t3.large" : "t3.micro"
  region        = var.region
  source_ami_filter {
    filters = {
      name = "ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*"
    }
    owners      = ["099720109477"]
    most_recent = true
  }
}
`,
  `build {
  sources = ["source.amazon-ebs.ubuntu", source.null.x]

  provisioner "shell" {
    inline = [
      "echo \\"hi\\" $\${HOME}",
      "%{ if var.x }yes%{ else }no%{ endif }",
    ]
    environment_vars = ["A=\${-1 + 2 * 3 % 4 / 5}", "B=\${!true || false && 1 >= 2}"]
  }

  provisioner "file" { source = "a.txt" }

  post-processor "manifest" {
    output = <<-EOT
      \${path.root}/manifest.json
        %{~ for i, s in local.names ~}
        \${i}: \${s}
        %{~ endfor ~}
      EOT
    custom = data.amazon-ami.x.tags[*].value
    legacy = aws_instance.x.*.id
    idx    = local.m["key"][0].attr
  }
}
`,
  `# comment
// another
/* block
   comment */
a = 1.5e3
b = null
c = f(x...)
d = <<EOT
raw \\n text
EOT
`,
];

const mutation = textMutation({
  insert: fc.oneof(
    fc.constantFrom(
      ...HCL_DELIMITERS,
      '\n',
      '\t',
      '=',
      ',',
      '.',
      '*',
      '...',
      '#',
      '/*',
      '\\',
      '$',
      '%',
      'for',
      'if',
      'in',
      '?',
      ':',
      '=>',
      '\r',
      '\ud800',
      '“',
    ),
    fc.string({ maxLength: 4 }),
  ),
  maxDelete: 8,
  maxDuplicate: 40,
  swap: true,
});

describe('fuzz: mutated templates', () => {
  it('the seeds are valid', () => {
    for (const seed of seeds) expect(parseConfig(seed, 'seed.pkr.hcl').diagnostics).toEqual([]);
  });

  it('never throw and always cover the input with tokens', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (seed, muts) => {
          const src = applyMutations(seed, muts);
          const toks = scanTokens(src, 'f');
          // Tokens rebuild the source exactly (with the spaces between them).
          let rebuilt = '';
          let byte = 0;
          for (const t of toks) {
            rebuilt += ' '.repeat(t.range.start.byte - byte) + t.text;
            byte = t.range.end.byte;
          }
          expect(rebuilt).toBe(src);
          const cfg = parseConfig(src, 'f');
          parseExpression(src, 'f');
          parseTemplate(src, 'f');
          for (const d of cfg.diagnostics) {
            expect(typeof d.summary).toBe('string');
            if (d.subject !== undefined) expect(d.subject.start.byte).toBeLessThanOrEqual(d.subject.end.byte);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
