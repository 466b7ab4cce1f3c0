import { tempTemplate } from '../support/temp';
import { kiln } from '../support/kiln';

// Kiln claims Packer 1.16.1 and what 1.15–1.16 added to templates (CHANGELOG: continue_on_error,
// optional() object attributes, rfc3339_parse and unix_timestamp_parse, -skip-enforcement);
// KILN_PACKER_VERSION claims another version, with a warning.

const NULL_BUILD = `
source "null" "a" {
  communicator = "none"
}
build {
  sources = ["source.null.a"]
}
`;

const pinned = (constraint: string): string =>
  `packer {\n  required_version = "${constraint}"\n}\n${NULL_BUILD}`;

describe('the Packer version Kiln claims', () => {
  it('satisfies templates pinned to Packer 1.16 and refuses 1.17', async () => {
    const ok = await kiln(['validate', 't.pkr.hcl'], tempTemplate({ 't.pkr.hcl': pinned('~> 1.16') }));
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    const newer = await kiln(['validate', 't.pkr.hcl'], tempTemplate({ 't.pkr.hcl': pinned('>= 1.17') }));
    expect(newer.code).toBe(1);
    expect(newer.err).toContain('This configuration does not support Packer version 1.16.1.');
  });

  it('claims the version KILN_PACKER_VERSION names, with a warning, in HCL2 templates', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': pinned('>= 1.17').replace('build {', 'locals {\n  v = packer.version\n}\nbuild {'),
    });
    const r = await kiln(['validate', 't.pkr.hcl'], dir, { env: { KILN_PACKER_VERSION: '1.17.0' } });
    expect(r.code).toBe(0);
    expect(r.out).toContain('The configuration is valid.');
    expect(r.out).toContain('Warning: Kiln claims Packer version 1.17.0 (KILN_PACKER_VERSION)');
    const inspected = await kiln(['inspect', 't.pkr.hcl'], dir, { env: { KILN_PACKER_VERSION: '1.17.0' } });
    expect(inspected.out).toContain('local.v: "1.17.0"');
  });

  it('ignores a KILN_PACKER_VERSION that is not a version, and says so', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': pinned('~> 1.16') });
    const r = await kiln(['validate', 't.pkr.hcl'], dir, { env: { KILN_PACKER_VERSION: 'latest' } });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Warning: Ignoring KILN_PACKER_VERSION');
  });

  it("applies to legacy JSON templates' min_packer_version and packer_version", async () => {
    const template = JSON.stringify({
      min_packer_version: '1.17.0',
      variables: { v: '{{packer_version}}' },
      builders: [{ type: 'file', content: '{{user `v`}}', target: 'out.txt' }],
    });
    const dir = tempTemplate({ 't.json': template });
    const refused = await kiln(['validate', 't.json'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('This template requires Packer version 1.17.0 or higher; using 1.16.1');
    const claimed = await kiln(['build', '-color=false', 't.json'], dir, {
      env: { KILN_PACKER_VERSION: '1.17.0' },
    });
    expect(claimed.code).toBe(0);
    expect(claimed.err).toContain('Kiln claims Packer version 1.17.0');
    const fs = await import('fs');
    expect(fs.readFileSync(`${dir}/out.txt`, 'utf8')).toBe('1.17.0');
  });
});

describe('Packer 1.15–1.16 template features', () => {
  it("continue_on_error: a provisioner's failure, after its retries, is reported and the build goes on", async () => {
    const dir = tempTemplate({
      't.pkr.hcl': NULL_BUILD.replace(
        'sources = ["source.null.a"]',
        `sources = ["source.null.a"]
  provisioner "shell-local" {
    inline            = ["exit 3"]
    max_retries       = 1
    continue_on_error = true
  }
  provisioner "shell-local" {
    inline = ["echo after"]
  }`,
      ),
    });
    const r = await kiln(['build', '-color=false', 't.pkr.hcl'], dir);
    expect(r.code).toBe(0);
    // Packer's RetriedProvisioner and ContinueOnErrorProvisioner wording.
    expect(r.out).toMatch(
      /==> null\.a: Provisioner failed with "Erroneous exit code 3 while executing script: [^"]+\\n\\nPlease see output above for more information\.", retrying with 1 trie\(s\) left\n/,
    );
    expect(r.out).toContain('==> null.a: retry limit reached.\n');
    expect(r.out).toMatch(
      /==> null\.a: Warning: Provisioner failed with "Erroneous exit code 3 [^"]+", but continue_on_error is set; continuing the build\.\n/,
    );
    expect(r.out).toContain('    null.a: after\n');
  });

  it('without continue_on_error the same failure fails the build', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': NULL_BUILD.replace(
        'sources = ["source.null.a"]',
        'sources = ["source.null.a"]\n  provisioner "shell-local" {\n    inline = ["exit 3"]\n  }',
      ),
    });
    const r = await kiln(['build', '-color=false', 't.pkr.hcl'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Erroneous exit code 3');
  });

  it('optional() object attributes, rfc3339_parse and unix_timestamp_parse', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': `
variable "o" {
  type = object({
    a = string
    b = optional(number, 3)
  })
  default = { a = "x" }
}
locals {
  year = rfc3339_parse("2026-01-02T03:04:05Z").year
  unix = unix_timestamp_parse(1700000000).year
}
${NULL_BUILD}`,
    });
    const r = await kiln(['inspect', 't.pkr.hcl'], dir);
    expect(r.out).toContain('var.o: "{\\n  \\"a\\" = \\"x\\"\\n  \\"b\\" = 3\\n}"');
    expect(r.out).toContain('local.year: "2026"');
    expect(r.out).toContain('local.unix: "2023"');
  });

  it('accepts build -skip-enforcement and says what Packer says', async () => {
    const r = await kiln(
      ['build', '-skip-enforcement', '-color=false', 't.pkr.hcl'],
      tempTemplate({ 't.pkr.hcl': NULL_BUILD }),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('Skipping HCP Packer enforced provisioners (--skip-enforcement flag set)\n');
  });
});
