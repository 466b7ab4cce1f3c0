import * as path from 'path';

import { fixturePath } from '../support/fixtures';
import { kiln } from '../support/kiln';

interface JsonDiagnostic {
  severity: string;
  summary: string;
  range?: { filename: string; start: { line: number; column: number } };
}

const invalid = fixturePath('invalid');

const MISSING_IMAGE =
  "missing 'image' attribute or 'build' section, either needs to be specified for a build to run.";

// The on-disk negative fixtures (also compared with packer 1.6.6 by test-env/compare-validate.js):
// each must fail with its summary at the position of its subject.
const cases: ReadonlyArray<[string, string, string, number, number]> = [
  ['unknown-argument', 'main.pkr.hcl', 'Unsupported argument', 3, 3],
  ['unknown-builder-type', 'main.pkr.hcl', 'Unknown source type nosuchbuilder', 5, 14],
  ['unknown-source-in-build', 'main.pkr.hcl', 'Unknown source null.b', 6, 14],
  ['duplicate-source', 'main.pkr.hcl', 'Duplicate source block', 5, 1],
  ['unset-variable', 'main.pkr.hcl', 'Unset variable "image"', 1, 1],
  ['bad-duration', 'main.pkr.hcl', 'Failed parsing ssh_timeout', 4, 3],
  ['locals-cycle', 'main.pkr.hcl', 'failed to prepare execution graph', 2, 7],
  ['unknown-provisioner', 'main.pkr.hcl', 'Unknown provisioner type "nosuchprov"', 8, 3],
  ['unknown-post-processor', 'main.pkr.hcl', 'Unknown post-processor type "nosuchpp"', 8, 3],
  ['only-and-except', 'main.pkr.hcl', "only one of 'only' or 'except' may be specified", 11, 5],
  ['type-error', 'main.pkr.hcl', 'Incorrect attribute value type', 3, 12],
  ['missing-required-option', 'main.pkr.hcl', MISSING_IMAGE, 1, 1],
  ['windows-provisioners', 'main.pkr.hcl', 'Only one of script or scripts can be specified.', 16, 5],
  // Packer renders an undefined {{user}} variable as "" rather than failing; the empty image is the error.
  ['legacy-bad-user-var', 'template.json', MISSING_IMAGE, 3, 16],
  ['legacy-unknown-root-key', 'template.json', "Unknown root level key in template: 'provisionerz'", 3, 3],
  ['legacy-missing-type', 'template.json', "builder 1: missing 'type'", 2, 16],
];

async function validateJSON(target: string, cwd: string): Promise<{ code: number; diags: JsonDiagnostic[] }> {
  const r = await kiln(['validate', '-format=json', target], cwd);
  return { code: r.code, diags: (JSON.parse(r.out) as { diagnostics: JsonDiagnostic[] }).diagnostics };
}

describe('negative fixtures under __tests__/fixtures/invalid', () => {
  const cwd = process.cwd();
  afterAll(() => process.chdir(cwd));

  it.each(cases)('%s', async (name, file, summary, line, column) => {
    const dir = path.join(invalid, name);
    const target = file === 'template.json' ? file : '.';
    const { code, diags } = await validateJSON(target, dir);
    expect(code).toBe(1);
    const d = diags.find((x) => x.summary === summary);
    expect(d).toBeDefined();
    expect(d?.severity).toBe('error');
    expect(d?.range?.filename).toMatch(new RegExp(`${file.replace('.', '\\.')}$`));
    expect(d?.range?.start).toMatchObject({ line, column });
  });
});
