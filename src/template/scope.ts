import * as fs from 'fs';
import * as path from 'path';

import { type BodySchema, type HclBlock, type HclBody, expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors, warningDiag } from '../hcl/diagnostics';
import { isJSONFilename } from '../hcl/parse';
import { decodeJSONSource, decodeNativeSource } from '../hcl/source-bytes';
import { EvalContext } from '../eval/context';
import type { FunctionTable } from '../eval/functions/function';
import { envFunction } from '../eval/functions/env';
import { packerFunctions } from '../eval/functions/index';
import type { DataSource } from '../schema/datasource';
import type { ComponentRegistry } from '../schema/registry';
import { EmptyObjectType, StringType } from '../values/types';
import { Value } from '../values/value';
import { claimedPackerVersion } from '../version';
import {
  type DataSourceMode,
  type DataSourceTypes,
  type DecodedDataSource,
  dataObject,
  dataSourceReferences,
  dataSourceTypes,
  decodeDataSources,
  evaluateDataSource,
} from './datasources';
import { discoverTemplate } from './files';
import {
  type LocalDefinition,
  type PrerequisiteNode,
  decodeLocals,
  evaluateLocal,
  evaluatePrerequisites,
  localReferences,
} from './locals';
import type { DataSourceBlock, PackerBlock } from './model';
import { checkRequiredVersion, decodePackerBlocks } from './packer-block';
import { SourceFiles, utf16Problem } from './source-files';
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
 * for `packer console`: the files, the packer block (whose required_version is checked first),
 * input variables with their values, data sources and locals, and the evaluation context every
 * later stage (sources, builds, validate) starts from.
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
  /**
   * 'unknown' (the default, `packer validate` without -evaluate-datasources): data sources are
   * decoded and checked, and yield unknown values of their output type. 'execute': they run.
   */
  readonly dataSources?: DataSourceMode;
  /** Cancels running data sources; loading then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Stop where Packer's Parse stops (`packer init`): files, packer blocks, declarations and variable
   * values read and checked; nothing initialised (no locals, no data sources: `locals` and
   * `dataValues` stay empty, `initDiagnostics` too).
   */
  readonly parseOnly?: boolean;
  /** The components known, for data source schemas and errors (built by the surface). */
  readonly registry: ComponentRegistry;
  /** Data sources Kiln can run (built by the surface, as the registry). */
  readonly dataSourceRuntimes: readonly DataSource[];
}

export interface TemplateScope {
  /** Packer's path.root ("" when no template was given). */
  readonly root: string;
  readonly configFiles: readonly string[];
  /** Every text read, for renderDiagnostics (`files.asMap()`). */
  readonly files: SourceFiles;
  /** Top-level blocks of every configuration file, in file order, for later decoding stages. */
  readonly blocks: readonly HclBlock[];
  /**
   * Each configuration file's body, in file order. Sources and builds are read from these again once
   * variables, locals and data sources are known, with dynamic blocks expanded (Packer's parseConfig).
   */
  readonly bodies: readonly HclBody[];
  /** Every packer block's required_version and required_plugins. */
  readonly packer: PackerBlock;
  readonly variables: InputVariables;
  readonly locals: ReadonlyMap<string, Value>;
  /** Locals declared `sensitive = true` (`local "name" { sensitive = true }`): masked in every output. */
  readonly sensitiveLocals: ReadonlySet<string>;
  /** Data blocks in declaration order (duplicates and invalid names left out). */
  readonly dataSources: readonly DataSourceBlock[];
  /** Evaluated data sources by `<type>.<name>` (failed ones absent). */
  readonly dataValues: ReadonlyMap<string, Value>;
  /**
   * The console's scope: var, local, path, packer, source, build and every function. Like
   * Packer's, it has no `data`: data sources are seen through the locals that use them.
   */
  readonly context: EvalContext;
  /** Problems found while loading (parse, decode, variable values): Packer refuses to go on with errors. */
  readonly diagnostics: Diagnostic[];
  /**
   * Problems found initialising (unset variables, validation rules, locals, data sources), which
   * `console` ignores.
   */
  readonly initDiagnostics: Diagnostic[];
  /** A context for evaluating locals and later blocks: the console's plus every evaluated `data`. */
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

/** Only the packer blocks, read before anything else (Packer's sniffCoreVersionRequirements). */
const PACKER_ONLY_SCHEMA: BodySchema = { attributes: [], blocks: [{ type: 'packer', labelNames: [] }] };

const EMPTY_PACKER_BLOCK: PackerBlock = { requiredVersions: [], requiredPlugins: [] };

export async function loadTemplateScope(opts: LoadOptions): Promise<TemplateScope> {
  const files = new SourceFiles();
  const diagnostics: Diagnostic[] = [];
  const variables: InputVariables = new Map();
  let root = '';
  let configFiles: readonly string[] = [];
  let autoVarFiles: readonly string[] = [];
  const bodies: HclBody[] = [];
  const claim = claimedPackerVersion(opts.env);
  if (claim.warning) diagnostics.push(warningDiag(claim.warning.summary, claim.warning.detail));

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
  const state = {
    locals: new Map<string, Value>(),
    sensitiveLocals: new Set<string>(),
    dataValues: new Map<string, Value>(),
    packer: EMPTY_PACKER_BLOCK,
    dataSources: [] as DecodedDataSource[],
  };
  const scope = (kind: 'console' | 'local' | 'build'): EvalContext =>
    templateContext({
      variables,
      locals: state.locals,
      packerVersion: claim.version,
      root,
      cwd: opts.cwd,
      functions,
      data: kind === 'console' ? undefined : dataObject(state.dataValues),
    });
  const result = (blocks: readonly HclBlock[], initDiagnostics: Diagnostic[]): TemplateScope => ({
    root,
    configFiles,
    files,
    blocks,
    bodies,
    packer: state.packer,
    variables,
    locals: state.locals,
    sensitiveLocals: state.sensitiveLocals,
    dataSources: state.dataSources,
    dataValues: state.dataValues,
    context: scope('console'),
    diagnostics,
    initDiagnostics,
    contextFor: scope,
  });
  // Packer gives up before decoding anything when a file cannot be found or parsed.
  if (hasErrors(diagnostics)) return result([], []);

  // required_version first, so that a template written for another Packer version gets that
  // error rather than whatever its newer syntax would cause; nothing else is decoded when it fails.
  const packerBlocks = bodies.flatMap((body) => body.partialContent(PACKER_ONLY_SCHEMA).content.blocks);
  const packer = decodePackerBlocks(packerBlocks);
  state.packer = packer.packer;
  const versionDiagnostics = checkRequiredVersion(packer.packer, claim.version);
  if (hasErrors(versionDiagnostics)) {
    // As Packer's Parse: only what sniffing required_version found, not required_plugins' problems.
    diagnostics.push(...packer.versionDiagnostics, ...versionDiagnostics);
    return result([], []);
  }
  diagnostics.push(...packer.diagnostics, ...versionDiagnostics);

  const blocks: HclBlock[] = [];
  for (const body of bodies) {
    const { content, diagnostics: d } = body.content(TEMPLATE_SCHEMA);
    diagnostics.push(...d);
    blocks.push(...content.blocks);
  }

  // Defaults may call env() and nothing else, and may not refer to anything.
  const defaultsContext = new EvalContext({
    functions: new Map([['env', envFunction({ baseDir: root, env: opts.env })]]),
  });
  diagnostics.push(...decodeInputVariables(blocks, defaultsContext, variables));
  const decodedData = decodeDataSources(blocks);
  diagnostics.push(...decodedData.diagnostics);
  state.dataSources = decodedData.dataSources;
  const decodedLocals = decodeLocals(blocks);
  diagnostics.push(...decodedLocals.diagnostics);
  for (const l of decodedLocals.locals) if (l.sensitive) state.sensitiveLocals.add(l.name);

  diagnostics.push(...collectValues(opts, files, variables, [...autoVarFiles, ...opts.varFiles]));
  if (opts.parseOnly) return result(blocks, []);

  const initDiagnostics = await initialize({
    variables,
    locals: decodedLocals.locals,
    dataSources: decodedData.dataSources,
    types: dataSourceTypes(opts.registry, opts.dataSourceRuntimes),
    mode: opts.dataSources ?? 'unknown',
    signal: opts.signal ?? new AbortController().signal,
    functions,
    base: templateContext({
      variables,
      locals: new Map(),
      packerVersion: claim.version,
      root,
      cwd: opts.cwd,
      functions,
    }),
    into: state,
  });
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
    }),
  );
  return diagnostics;
}

interface InitializeParts {
  readonly variables: InputVariables;
  readonly locals: readonly LocalDefinition[];
  readonly dataSources: readonly DecodedDataSource[];
  readonly types: DataSourceTypes;
  readonly mode: DataSourceMode;
  readonly signal: AbortSignal;
  readonly functions: FunctionTable;
  /** The template context without `local` and `data`, which each node gets for itself. */
  readonly base: EvalContext;
  readonly into: { readonly locals: Map<string, Value>; readonly dataValues: Map<string, Value> };
}

type Node = PrerequisiteNode &
  ({ readonly local: LocalDefinition } | { readonly dataSource: DecodedDataSource });

/**
 * Packer's Initialize up to its plugins' blocks: check variable values, then evaluate data sources
 * and locals in one dependency graph (evaluateBuildPrereqs).
 */
async function initialize(p: InitializeParts): Promise<Diagnostic[]> {
  const diagnostics = validateInputVariables(
    p.variables,
    (v: InputVariable, value: Value) =>
      new EvalContext({ variables: { var: Value.object({ [v.name]: value }) }, functions: p.functions }),
  );
  // Packer adds data sources to its graph first, then locals.
  const nodes: Node[] = [
    ...p.dataSources.map((ds) => ({
      ref: `data.${ds.type}.${ds.name}`,
      vertexName: `${ds.type}.${ds.name}`,
      references: dataSourceReferences(ds, p.types.schema(ds.type)),
      range: ds.range,
      dataSource: ds,
    })),
    ...p.locals.map((l) => ({
      ref: `local.${l.name}`,
      vertexName: `local.${l.name}`,
      references: localReferences(l),
      range: expressionRange(l.expr),
      local: l,
    })),
  ];
  const evaluated: Diagnostic[] = [];
  // Each node sees only the locals and data sources it refers to: building whole objects for every
  // node would make loading quadratic in the number of locals.
  const contextFor = (dependencies: readonly string[]): EvalContext => {
    const locals = new Map<string, Value>();
    const data = new Map<string, Value>();
    for (const ref of dependencies) {
      if (ref.startsWith('local.')) {
        const name = ref.slice('local.'.length);
        const v = p.into.locals.get(name);
        if (v !== undefined) locals.set(name, v);
      } else {
        const key = ref.slice('data.'.length);
        const v = p.into.dataValues.get(key);
        if (v !== undefined) data.set(key, v);
      }
    }
    return new EvalContext({
      variables: { local: Value.object(locals), data: dataObject(data) },
      parent: p.base,
    });
  };
  const graph = await evaluatePrerequisites(nodes, async (node, dependencies) => {
    const ctx = contextFor(dependencies);
    if ('local' in node) {
      const r = evaluateLocal(node.local, ctx);
      evaluated.push(...r.diagnostics);
      if (r.value === undefined) return false;
      p.into.locals.set(node.local.name, r.value);
      return true;
    }
    const ds = node.dataSource;
    const r = await evaluateDataSource(ds, p.types, ctx, p.mode, p.signal);
    evaluated.push(...r.diagnostics);
    if (r.value === undefined) return false;
    p.into.dataValues.set(`${ds.type}.${ds.name}`, r.value);
    return true;
  });
  diagnostics.push(...graph, ...evaluated);
  return diagnostics;
}

function readAndParse(
  files: SourceFiles,
  cwd: string,
  filename: string,
): { body?: HclBody; diagnostics: Diagnostic[] } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.resolve(cwd, filename));
  } catch {
    return {
      diagnostics: [
        errorDiag('Failed to read file', `The configuration file "${filename}" could not be read.`),
      ],
    };
  }
  const encoding = utf16Problem(bytes, filename);
  if (encoding) {
    files.addText(filename, bytes.toString('utf8'));
    return { diagnostics: [encoding] };
  }
  const src = isJSONFilename(filename) ? decodeJSONSource(bytes) : decodeNativeSource(bytes);
  return files.parse(filename, src);
}

interface ContextParts {
  readonly variables: InputVariables;
  readonly locals: ReadonlyMap<string, Value>;
  /** `packer.version`: the version this run claims (see claimedPackerVersion). */
  readonly packerVersion: string;
  readonly root: string;
  readonly cwd: string;
  readonly functions: FunctionTable;
  /** The `data` object; absent in the console's context, as in Packer's. */
  readonly data?: Value;
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
      version: Value.string(p.packerVersion),
      iterationID: Value.unknown(StringType),
      versionFingerprint: Value.unknown(StringType),
    }),
  };
  if (p.data) variables.data = p.data;
  return new EvalContext({ variables, functions: p.functions });
}
