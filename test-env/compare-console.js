#!/usr/bin/env node
/**
 * Differential check of Kiln's expression evaluation against a real `packer console` (developer tool,
 * not run by CI).
 *
 *   node test-env/compare-console.js [--no-build] [--jobs N] [--filter REGEX] [--all] [--packer PATH]
 *                                    [cases-file]
 *
 * Each non-blank line of the cases file (default test-env/console-cases.txt) is one expression; lines
 * starting with `#` are comments. A line starting with `~ ` is a case known to differ (see
 * test-env/console-known-differences.md): it is still run, but reported apart from new differences.
 *
 * Both sides see the same scope: a generated console.pkr.hcl (variables and locals below) and a few
 * fixture files in a temporary directory, which is the working directory of both packer and Kiln.
 * `packer console` prints only the last line's result when fed several lines, so every case runs in its
 * own packer process; at most --jobs (default 2) run at once because the machine is shared.
 *
 * Outputs are compared after normalising errors to "summary | detail" with whitespace collapsed,
 * since packer word-wraps details and prints the "with x as ..." values line that Kiln does not have.
 * Exit status: 0 when every unannotated case matched, 1 otherwise.
 */
'use strict';

const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');

function parseArgs(argv) {
  const opts = { build: true, jobs: 2, filter: null, all: false, packer: '/usr/bin/packer', file: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-build') opts.build = false;
    else if (a === '--jobs') opts.jobs = Math.max(1, Math.min(2, Number(argv[++i])));
    else if (a === '--filter') opts.filter = new RegExp(argv[++i]);
    else if (a === '--all') opts.all = true;
    else if (a === '--packer') opts.packer = argv[++i];
    else opts.file = a;
  }
  opts.file = opts.file ?? path.join(__dirname, 'console-cases.txt');
  return opts;
}

// The scope both sides evaluate in. `type` is an HCL type expression or undefined (no type constraint).
const VARIABLES = [
  { name: 'str', def: '"hello"' },
  { name: 'num', def: '42' },
  { name: 'flt', def: '1.5' },
  { name: 'yes', def: 'true' },
  { name: 'list', def: '["a", "b", "c"]' },
  { name: 'nums', def: '[3, 1, 2]' },
  { name: 'obj', def: '{ name = "web", size = 2, tags = ["x", "y"] }' },
  { name: 'nested', def: '{ a = { b = [1, { c = "deep" }] } }' },
  { name: 'items', def: '[{ id = 1, name = "one" }, { id = 2, name = "two" }]' },
  { name: 'tlist', type: 'list(string)', def: '["x", "y", "z"]' },
  { name: 'tmap', type: 'map(number)', def: '{ a = 1, b = 2 }' },
  { name: 'tset', type: 'set(string)', def: '["b", "a", "b"]' },
  { name: 'tobj', type: 'object({ name = string, port = number })', def: '{ name = "db", port = "5432" }' },
  { name: 'nulstr', type: 'string', def: 'null' },
  { name: 'empty', def: '[]' },
  { name: 'emptymap', type: 'map(string)', def: '{}' },
  { name: 'unicode', def: '"héllo wörld ☃ 😀"' },
];
const LOCALS = [
  { name: 'greeting', def: '"hi ${var.str}"' },
  { name: 'count', def: 'length(var.list)' },
];
const FIXTURE_FILES = {
  'hello.txt': 'Hello, world!\n',
  'data.json': '{"a": 1, "b": [true, null, "x"]}\n',
  'tmpl.tpl': 'Hi ${name}!%{ for x in list } [${x}]%{ endfor }\n',
  'sub/one.txt': 'one',
  'sub/two.txt': 'two',
  'sub/deeper/three.md': 'three',
  'bin.dat': Buffer.from([0, 1, 2, 255, 254]),
};

function fixtureHcl() {
  const vars = VARIABLES.map((v) =>
    v.type
      ? `variable "${v.name}" {\n  type    = ${v.type}\n  default = ${v.def}\n}\n`
      : `variable "${v.name}" {\n  default = ${v.def}\n}\n`,
  );
  const locals = `locals {\n${LOCALS.map((l) => `  ${l.name} = ${l.def}\n`).join('')}}\n`;
  return vars.join('') + locals;
}

function makeFixtureDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-console-'));
  fs.writeFileSync(path.join(dir, 'console.pkr.hcl'), fixtureHcl());
  for (const [name, content] of Object.entries(FIXTURE_FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function readCases(file, filter) {
  const cases = [];
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const known = raw.startsWith('~ ');
    const expr = known ? raw.slice(2) : raw;
    if (filter && !filter.test(expr)) continue;
    cases.push({ expr, known });
  }
  return cases;
}

// ---- Kiln side ----

function kilnEvaluator(dir) {
  const b = (p) => require(path.join(repo, 'build', 'src', p));
  const { parseExpression } = b('hcl/syntax/parser');
  const { evaluate } = b('eval/evaluate');
  const { EvalContext } = b('eval/context');
  const { packerFunctions } = b('eval/functions');
  const { renderConsole } = b('values/render');
  const { Value } = b('values/value');
  const { convert } = b('values/convert');
  const { getTypeConstraint } = b('values/typeexpr');
  const { StringType, EmptyObjectType } = b('values/types');

  process.chdir(dir);
  const functions = packerFunctions({ baseDir: '.', env: {} });
  const constant = (src) => {
    const p = parseExpression(src, 'console.pkr.hcl');
    return evaluate(p.expr, new EvalContext({ functions })).value;
  };
  const vars = {};
  for (const v of VARIABLES) {
    let val = constant(v.def);
    if (v.type) val = convert(val, getTypeConstraint(parseExpression(v.type, 'console.pkr.hcl').expr).type);
    vars[v.name] = val;
  }
  const base = {
    var: Value.object(vars),
    path: Value.object({ cwd: Value.string(dir), root: Value.string('.') }),
    packer: Value.object({ version: Value.string('1.6.6') }),
    source: Value.object({ type: Value.unknown(StringType), name: Value.unknown(StringType) }),
    build: Value.unknown(EmptyObjectType),
  };
  const locals = {};
  for (const l of LOCALS) {
    const ctx = new EvalContext({ functions, variables: { ...base, local: Value.object(locals) } });
    locals[l.name] = evaluate(parseExpression(l.def, 'console.pkr.hcl').expr, ctx).value;
  }
  const ctx = new EvalContext({ functions, variables: { ...base, local: Value.object(locals) } });

  return (line) => {
    try {
      const p = parseExpression(line, '<console-input>');
      const errs = (ds) => ds.filter((d) => d.severity === 'error');
      if (errs(p.diagnostics).length) return { errors: errs(p.diagnostics).map(diagText) };
      const r = evaluate(p.expr, ctx);
      if (errs(r.diagnostics).length) return { errors: errs(r.diagnostics).map(diagText) };
      return { text: renderConsole(r.value) };
    } catch (e) {
      return { text: `<kiln threw: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' ') : e}>` };
    }
  };
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();
const diagText = (d) => `${squash(d.summary)} | ${squash(d.detail)}`;

// ---- packer side ----

/** Splits packer console's diagnostic text ("Error: summary ... (source code not available) ... detail"). */
function parsePackerOutput(out, code) {
  if (!out.startsWith('Error: ') && !out.startsWith('Warning: ')) {
    return code === 0 ? { text: out.replace(/\n$/, '') } : { text: `<packer exit ${code}> ${out}` };
  }
  const errors = [];
  for (const block of out.split(/^(?=Error: |Warning: )/m)) {
    if (!block.startsWith('Error: ')) continue;
    const [head, ...rest] = block.split('\n\n');
    const summary = head.split('\n')[0].slice('Error: '.length);
    // rest[0] is the "on <console-input> line 1:" source paragraph (if present).
    let paras = rest.filter((p) => p.trim() !== '');
    if (paras.length && /^\s*on <console-input>/.test(paras[0])) paras = paras.slice(1);
    // The expression-values paragraph ("with var.x as ...") is rendering, not detail.
    if (paras.length > 1 && /^with /.test(paras[0])) paras = paras.slice(1);
    // cty reports a panicking function with Go's stack trace appended; Kiln can only give the panic's
    // message, so compare up to the trace (hcl then ends the detail with ".").
    const detail = paras.join('\n\n').replace(/\ngoroutine \d+ \[running\]:[\s\S]*$/, '.');
    errors.push(`${squash(summary)} | ${squash(detail)}`);
  }
  return { errors };
}

function runPacker(packer, dir, line) {
  return new Promise((resolve) => {
    const child = spawn(packer, ['console', 'console.pkr.hcl'], {
      cwd: dir,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_LOG: '' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(parsePackerOutput(out, code));
    });
    child.stdin.end(`${line}\n`);
  });
}

async function mapLimited(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const show = (r) => (r.errors ? r.errors.map((e) => `ERROR ${e}`).join('\n') : r.text);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.build) {
    process.stderr.write('compiling (tsc --outDir build)...\n');
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', 'build'], { cwd: repo, stdio: 'pipe' });
    } catch (e) {
      // Type errors in other people's in-progress files still emit JavaScript; carry on.
      process.stderr.write(
        `tsc reported errors (continuing with emitted output):\n${String(e.stdout).slice(0, 2000)}\n`,
      );
    }
  }
  const cases = readCases(opts.file, opts.filter);
  const dir = makeFixtureDir();
  const kiln = kilnEvaluator(dir);
  const packerResults = await mapLimited(cases, opts.jobs, (c) => runPacker(opts.packer, dir, c.expr));

  let matched = 0;
  const newDiffs = [];
  const knownDiffs = [];
  const knownNowMatching = [];
  cases.forEach((c, i) => {
    const want = show(packerResults[i]);
    const got = show(kiln(c.expr));
    if (want === got) {
      matched++;
      if (c.known) knownNowMatching.push(c.expr);
      if (opts.all) process.stdout.write(`ok    ${c.expr}\n`);
      return;
    }
    (c.known ? knownDiffs : newDiffs).push(c.expr);
    process.stdout.write(
      `${c.known ? 'KNOWN' : 'DIFF '} ${c.expr}\n  packer: ${want.replace(/\n/g, '\n          ')}\n  kiln:   ${got.replace(/\n/g, '\n          ')}\n`,
    );
  });
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\n${cases.length} cases: ${matched} matched, ${newDiffs.length} differ, ${knownDiffs.length} known differences\n`,
  );
  if (knownNowMatching.length)
    process.stdout.write(`known differences that now match: ${knownNowMatching.join(' ; ')}\n`);
  process.exitCode = newDiffs.length ? 1 : 0;
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exitCode = 2;
});
