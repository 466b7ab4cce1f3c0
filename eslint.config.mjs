import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------
// Layering (docs/architecture.md, "Layering rules"): what each part of src/ may import from the
// others. A module not listed for a layer is forbidden to it; imports inside a layer are free.

// Language libraries and infrastructure, which know nothing of Packer, in their own order: each
// may import those before it (hcl reads text, values hcl, eval values and the lazily loaded remote
// worker, gotemplate eval and version).
const LANGUAGE = ['text', 'code-cache', 'lazy-bundles', 'version', 'hcl', 'values', 'eval', 'gotemplate'];

// The Packer layers, lowest first. The engine knows neither the template layer (it runs BuildPlans
// and calls back to decode) nor the sdk (it finds runtimes through its own RuntimeLookup).
const PACKER = {
  schema: [...LANGUAGE],
  template: [...LANGUAGE, 'schema'],
  engine: [...LANGUAGE, 'schema'],
  sdk: [...LANGUAGE, 'schema', 'engine'],
  // The bridge to Packer's plugin binaries (wire protocol, processes): at the sdk's level, beside
  // it; no component implementation, and only the surfaces wire it in.
  plugins: [...LANGUAGE, 'schema', 'engine', 'sdk'],
  communicators: [...LANGUAGE, 'schema', 'engine', 'sdk'],
  components: [...LANGUAGE, 'schema', 'engine', 'sdk', 'communicators'],
  // The surfaces are the composition root: they build the registries and wire the layers.
  cli: [...LANGUAGE, 'schema', 'template', 'engine', 'sdk', 'plugins', 'communicators', 'components'],
  action: [
    ...LANGUAGE,
    'schema',
    'template',
    'engine',
    'sdk',
    'plugins',
    'communicators',
    'components',
    'cli',
  ],
};

const ALLOWED = {
  ...Object.fromEntries(LANGUAGE.map((name, i) => [name, LANGUAGE.slice(0, i)])),
  ...PACKER,
};

// Modules that are one file at the top of src/ rather than a folder.
const FILE_MODULES = new Set(['code-cache', 'lazy-bundles', 'version']);

// Imports are relative, so what a specifier names depends on how deep the importing file is: the
// rules are generated per depth, which keeps them exact (a components/ansible/schema.ts is not
// src/schema/). Deeper than this a file is in no zone, which __tests__/meta/layering-lint.test.ts reports.
const MAX_DEPTH = 6;

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const forbidden = (from) => Object.keys(ALLOWED).filter((to) => to !== from && !ALLOWED[from].includes(to));

const message = (from, to) =>
  `src/${from} may not import src/${to}: a layer imports only the layers below it (docs/architecture.md, "Layering rules").`;

/** What a specifier naming module `to` looks like from a file `toSrc` (`../../`) below src/. */
const specifier = (to, toSrc) =>
  FILE_MODULES.has(to) ? `^${escape(toSrc + to)}(\\.[jt]s)?$` : `^${escape(toSrc + to)}(/|$)`;

/** import/export declarations and `import x = require()`: one pattern per forbidden module. */
function importPatterns(from, toSrc) {
  return forbidden(from).map((to) => ({
    regex: specifier(to, toSrc),
    caseSensitive: true,
    message: message(from, to),
  }));
}

/**
 * import() and require() calls, which no-restricted-imports does not see: no-restricted-syntax
 * selectors (esquery regexes cannot hold a slash, hence \x2F).
 */
function callSelectors(from, toSrc) {
  return forbidden(from).flatMap((to) => {
    const regex = specifier(to, toSrc).replace(/\//g, '\\x2F');
    return [
      { selector: `ImportExpression[source.value=/${regex}/]`, message: message(from, to) },
      {
        selector: `CallExpression[callee.name="require"][arguments.0.value=/${regex}/]`,
        message: message(from, to),
      },
    ];
  });
}

function layerRules() {
  const configs = [];
  for (const from of Object.keys(ALLOWED)) {
    if (forbidden(from).length === 0) continue;
    const depths = FILE_MODULES.has(from) ? [0] : Array.from({ length: MAX_DEPTH }, (_, i) => i + 1);
    for (const depth of depths) {
      const files = FILE_MODULES.has(from)
        ? [`src/${from}.ts`]
        : [`src/${from}/${'*/'.repeat(depth - 1)}*.ts`];
      const toSrc = depth === 0 ? './' : '../'.repeat(depth);
      configs.push({
        name: `kiln/layers/${from}/depth-${depth}`,
        files,
        rules: {
          '@typescript-eslint/no-restricted-imports': ['error', { patterns: importPatterns(from, toSrc) }],
          'no-restricted-syntax': ['error', ...callSelectors(from, toSrc)],
        },
      });
    }
  }
  return configs;
}

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  ...layerRules(),
);
