import * as fs from 'fs';
import * as path from 'path';

import type { BodySchema, HclBlock, HclBody } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { EvalContext } from '../eval/context';
import type { FunctionTable } from '../eval/functions/function';
import { envFunction } from '../eval/functions/env';
import { packerFunctions } from '../eval/functions/index';
import { EmptyObjectType, StringType } from '../values/types';
import { Value } from '../values/value';
import { PACKER_COMPAT_VERSION } from '../version';
import { discoverTemplate } from './files';
import { type LocalDefinition, decodeLocals, evaluateLocals } from './locals';
import { SourceFiles } from './source-files';
import { collectInputVariableValues } from './variable-values';
import {
  type InputVariable,
  type InputVariables,
  decodeInputVariables,
  inputVariablesObject,
} from './variables';
import { validateInputVariables } from './variables';

/**
 * Loading a template far enough to evaluate expressions in it, as Packer's Parse + Initialize do
 * for `packer console`: the files, input variables with their values, locals, and the evaluation
 * context every later stage (sources, builds, validate) starts from.
 */
export interface LoadOptions {
  /** The template: a directory or one file, relative to cwd. Absent: an empty configuration. */
  readonly path?: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** -var arguments (`name=value`), in order. */
  readonly vars: readonly string[];
  /** -var-file arguments, in order. */
  readonly varFiles: readonly string[];
  /** Warn about undeclared names in variable files (default true, as `packer validate`/`build` do). */
  readonly warnOnUndeclaredVar?: boolean;
  readonly now?: () => Date;
}

export interface TemplateScope {
  /** Packer's path.root ("" when no template was given). */
  readonly root: string;
  readonly configFiles: readonly string[];
  /** Every text read, for renderDiagnostics (`files.asMap()`). */
  readonly files: SourceFiles;
  /** Top-level blocks of every configuration file, in file order, for later decoding stages. */
  readonly blocks: readonly HclBlock[];
  readonly variables: InputVariables;
  readonly locals: ReadonlyMap<string, Value>;
  /** The console's scope: var, local, path, packer, source, build and every function. */
  readonly context: EvalContext;
  /** Problems found while loading (parse, decode, variable values): Packer refuses to go on with errors. */
  readonly diagnostics: Diagnostic[];
  /** Problems found initialising (unset variables, validation rules, locals), which `console` ignores. */
  readonly initDiagnostics: Diagnostic[];
  /** A context for evaluating locals and later blocks (adds `data`). */
  contextFor(kind: 'local' | 'build'): EvalContext;
}

/** The top-level blocks of a Packer HCL2 template (hcl2template's configSchema). */
export const TEMPLATE_SCHEMA: BodySchema = {
  attributes: [],
  blocks: [
    { type: 'packer', labelNames: [] },
    { type: 'source', labelNames: ['type', 'name'] },
    { type: 'variables', labelNames: [] },
    { type: 'variable', labelNames: ['name'] },
    { type: 'locals', labelNames: [] },
    { type: 'local', labelNames: ['name'] },
    { type: 'data', labelNames: ['type', 'name'] },
    { type: 'build', labelNames: [] },
    { type: 'hcp_packer_registry', labelNames: [] },
    { type: 'communicator', labelNames: ['type', 'name'] },
  ],
};

const PACKER_BLOCK_SCHEMA: BodySchema = {
  attributes: [{ name: 'required_version' }],
  blocks: [{ type: 'required_plugins', labelNames: [] }],
};

export function loadTemplateScope(opts: LoadOptions): TemplateScope {
  const files = new SourceFiles();
  const diagnostics: Diagnostic[] = [];
  const variables: InputVariables = new Map();
  let root = '';
  let configFiles: readonly string[] = [];
  let autoVarFiles: readonly string[] = [];
  const bodies: HclBody[] = [];

  if (opts.path !== undefined && opts.path !== '') {
    const found = discoverTemplate(opts.path, opts.cwd);
    diagnostics.push(...found.diagnostics);
    root = found.root;
    configFiles = found.configFiles;
    autoVarFiles = found.autoVarFiles;
    for (const f of configFiles) {
      const parsed = readAndParse(files, opts.cwd, f);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.body) bodies.push(parsed.body);
    }
  }

  const functions = packerFunctions({ baseDir: path.resolve(opts.cwd, root), env: opts.env, now: opts.now });
  const state = { locals: new Map<string, Value>() };
  const scope = (kind: 'console' | 'local' | 'build'): EvalContext =>
    templateContext({
      variables,
      locals: state.locals,
      root,
      cwd: opts.cwd,
      functions,
      withData: kind !== 'console',
    });
  const result = (blocks: readonly HclBlock[], initDiagnostics: Diagnostic[]): TemplateScope => ({
    root,
    configFiles,
    files,
    blocks,
    variables,
    locals: state.locals,
    context: scope('console'),
    diagnostics,
    initDiagnostics,
    contextFor: scope,
  });
  // Packer gives up before decoding anything when a file cannot be found or parsed.
  if (hasErrors(diagnostics)) return result([], []);

  const blocks: HclBlock[] = [];
  for (const body of bodies) {
    const { content, diagnostics: d } = body.content(TEMPLATE_SCHEMA);
    diagnostics.push(...d);
    blocks.push(...content.blocks);
  }
  for (const b of blocks)
    if (b.type === 'packer') diagnostics.push(...b.body.content(PACKER_BLOCK_SCHEMA).diagnostics);

  // Defaults may call env() and nothing else, and may not refer to anything.
  const defaultsContext = new EvalContext({
    functions: new Map([['env', envFunction({ baseDir: root, env: opts.env })]]),
  });
  diagnostics.push(...decodeInputVariables(blocks, defaultsContext, variables));
  const decodedLocals = decodeLocals(blocks);
  diagnostics.push(...decodedLocals.diagnostics);

  diagnostics.push(...collectValues(opts, files, variables, [...autoVarFiles, ...opts.varFiles]));

  const initDiagnostics = initialize(
    variables,
    decodedLocals.locals,
    state.locals,
    functions,
    localContext(
      templateContext({ variables, locals: new Map(), root, cwd: opts.cwd, functions, withData: true }),
    ),
  );
  return result(blocks, initDiagnostics);
}

function collectValues(
  opts: LoadOptions,
  files: SourceFiles,
  variables: InputVariables,
  varFileNames: readonly string[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const varFiles: { filename: string; body: HclBody }[] = [];
  for (const f of varFileNames) {
    const ext = path.extname(f);
    if (ext !== '.hcl' && ext !== '.json') {
      diagnostics.push(
        errorDiag(`Could not guess format of ${f}`, 'A var file must be suffixed with `.hcl` or `.json`.'),
      );
      continue;
    }
    const parsed = readAndParse(files, opts.cwd, f);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.body && !hasErrors(parsed.diagnostics)) varFiles.push({ filename: f, body: parsed.body });
  }
  diagnostics.push(
    ...collectInputVariableValues(variables, {
      env: opts.env,
      varFiles,
      vars: opts.vars,
      warnOnUndeclaredVar: opts.warnOnUndeclaredVar ?? true,
      registerText: (filename, src) => files.addText(filename, src),
    }),
  );
  return diagnostics;
}

/** Packer's Initialize (the part that needs no plugins): check variable values, evaluate locals. */
function initialize(
  variables: InputVariables,
  locals: readonly LocalDefinition[],
  into: Map<string, Value>,
  functions: FunctionTable,
  localContext: (localObject: Value) => EvalContext,
): Diagnostic[] {
  const diagnostics = validateInputVariables(
    variables,
    (v: InputVariable, value: Value) =>
      new EvalContext({ variables: { var: Value.object({ [v.name]: value }) }, functions }),
  );
  const evaluated = evaluateLocals(locals, localContext);
  diagnostics.push(...evaluated.diagnostics);
  for (const [k, v] of evaluated.values) into.set(k, v);
  return diagnostics;
}

function readAndParse(
  files: SourceFiles,
  cwd: string,
  filename: string,
): { body?: HclBody; diagnostics: Diagnostic[] } {
  let src: string;
  try {
    src = fs.readFileSync(path.resolve(cwd, filename), 'utf8');
  } catch {
    return {
      diagnostics: [
        errorDiag('Failed to read file', `The configuration file "${filename}" could not be read.`),
      ],
    };
  }
  return files.parse(filename, src);
}

interface ContextParts {
  readonly variables: InputVariables;
  readonly locals: ReadonlyMap<string, Value>;
  readonly root: string;
  readonly cwd: string;
  readonly functions: FunctionTable;
  readonly withData: boolean;
}

/**
 * Locals are evaluated in a child of one shared template context that only replaces `local`, so the
 * `var`, `path` and `packer` objects are built once rather than once per local.
 */
function localContext(base: EvalContext): (localObject: Value) => EvalContext {
  return (localObject) => new EvalContext({ variables: { local: localObject }, parent: base });
}

/** PackerConfig.EvalContext: the root names every template expression can use. */
function templateContext(p: ContextParts): EvalContext {
  const slash = (s: string): string => s.replace(/\\/g, '/');
  const variables: Record<string, Value> = {
    var: inputVariablesObject(p.variables),
    local: Value.object(p.locals),
    source: Value.object({ type: Value.unknown(StringType), name: Value.unknown(StringType) }),
    build: Value.unknown(EmptyObjectType),
    path: Value.object({ cwd: Value.string(slash(p.cwd)), root: Value.string(slash(p.root)) }),
    packer: Value.object({
      version: Value.string(PACKER_COMPAT_VERSION),
      iterationID: Value.unknown(StringType),
      versionFingerprint: Value.unknown(StringType),
    }),
  };
  // Data sources are not decoded yet; locals and builds already see the (empty) `data` object.
  if (p.withData) variables.data = Value.object({});
  return new EvalContext({ variables, functions: p.functions });
}
