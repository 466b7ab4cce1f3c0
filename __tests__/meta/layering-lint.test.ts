import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The layering rules of docs/architecture.md are enforced by `npm run lint` (eslint.config.mjs
 * generates no-restricted-imports zones, and no-restricted-syntax ones for import() and require()):
 * an import across a layer the wrong way fails, one the right way passes. ESLint loads its ESM config with a dynamic import, which Jest's module sandbox
 * refuses, so the snippets are linted by ESLint's Node API in one child process.
 */

const root = path.resolve(__dirname, '..', '..');
const RULE = '@typescript-eslint/no-restricted-imports';

interface Snippet {
  /** Where the snippet pretends to live (the file need not exist). */
  readonly filePath: string;
  readonly code: string;
}

interface Linted {
  /** Each problem as `rule: message`. */
  readonly snippets: readonly (readonly string[])[];
  /** Files under src/ that no layer zone covers. */
  readonly unzoned: readonly string[];
  /** How many are covered. */
  readonly zoned: number;
}

const LINT_SCRIPT = `
  const { ESLint } = require('eslint');
  const fs = require('node:fs');
  const path = require('node:path');
  const RULE = ${JSON.stringify(RULE)};
  (async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    const snippets = [];
    for (const s of JSON.parse(process.argv[1])) {
      const [result] = await eslint.lintText(s.code, { filePath: s.filePath });
      snippets.push(result.messages.map((m) => m.ruleId + ': ' + m.message));
    }
    // Every source file is in a zone, except the action's (the top: it may import anything).
    const unzoned = [];
    let zoned = 0;
    for (const file of fs.readdirSync('src', { recursive: true })) {
      const rel = path.join('src', file);
      if (!rel.endsWith('.ts') || rel.startsWith(path.join('src', 'action') + path.sep)) continue;
      const config = await eslint.calculateConfigForFile(rel);
      if (!config.rules || !config.rules[RULE]) unzoned.push(rel);
      else zoned++;
    }
    process.stdout.write(JSON.stringify({ snippets, unzoned, zoned }));
  })().catch((e) => {
    process.stderr.write(String(e && e.stack ? e.stack : e));
    process.exit(1);
  });
`;

function lint(snippets: readonly Snippet[]): Linted {
  const r = spawnSync(process.execPath, ['-e', LINT_SCRIPT, JSON.stringify(snippets)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`linting failed (${String(r.status)}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Linted;
}

type Form = 'import' | 'import()';

const code = (form: Form, specifier: string): string =>
  form === 'import'
    ? `import * as imported from '${specifier}';\nexport const used = imported;\n`
    : `export const load = () => import('${specifier}');\n`;

// Where, how and what it imports, and whether the layering forbids it.
const CASES: readonly (readonly [string, Form, string, boolean])[] = [
  ['src/engine/x.ts', 'import', '../template/model', true],
  ['src/engine/x.ts', 'import', '../schema/types', false],
  ['src/engine/nested/x.ts', 'import', '../../sdk/runtimes', true],
  ['src/engine/nested/x.ts', 'import', '../../text/go-quote', false],
  ['src/components/docker/x.ts', 'import', '../../template/build-variables', true],
  ['src/components/docker/x.ts', 'import()', '../../template/build-variables', true],
  ['src/components/docker/x.ts', 'import', '../../communicators/ssh/config', false],
  // A file of a component named like a layer is not that layer.
  ['src/components/ansible/x.ts', 'import', './schema', false],
  ['src/template/x.ts', 'import', '../components/catalog', true],
  ['src/text/x.ts', 'import', '../hcl/body', true],
  ['src/hcl/x.ts', 'import', '../text/code-points', false],
  ['src/lazy-bundles.ts', 'import', './components/docker/ecr-token', true],
  ['src/cli/commands/x.ts', 'import', '../../action/run', true],
  ['src/cli/commands/x.ts', 'import()', '../../template/load', false],
  ['src/action/x.ts', 'import', '../cli/io', false],
  ['src/plugins/rpc/x.ts', 'import', '../../template/model', true],
  ['src/plugins/rpc/x.ts', 'import', '../../engine/types', false],
  ['src/components/docker/x.ts', 'import', '../../plugins/describe', true],
  ['src/cli/commands/x.ts', 'import', '../../plugins/describe', false],
];

describe('layering rules in npm run lint', () => {
  const linted = lint(
    CASES.map(([filePath, form, specifier]) => ({ filePath, code: code(form, specifier) })),
  );

  it.each(CASES.map((c, i) => [...c, i] as const))(
    '%s with %s %s: forbidden %s',
    (_filePath, form, specifier, forbidden, i) => {
      const problems = linted.snippets[i];
      if (forbidden) {
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain(
          form === 'import' ? `${RULE}: '${specifier}' import is restricted` : 'no-restricted-syntax: ',
        );
        expect(problems[0]).toContain('a layer imports only the layers below it');
      } else {
        expect(problems).toEqual([]);
      }
    },
  );

  it('covers every source file but the action (which may import anything)', () => {
    expect(linted.unzoned).toEqual([]);
    expect(linted.zoned).toBeGreaterThan(100);
  });
});
