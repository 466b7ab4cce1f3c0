import * as fs from 'fs';
import * as path from 'path';

import { type Diagnostic, hasErrors } from '../hcl/diagnostics';
import type { HclBlock } from '../hcl/body';
import { expandDynamicBlocks } from '../eval/dynblock';
import type { ComponentRegistry } from '../schema/registry';
import { decodeBuilds } from './builds';
import { checkBuildReferences } from './build-references';
import { expandBuilds } from './expand';
import { expandLegacyBuilds } from './legacy-expand';
import { isLegacyJsonTemplate, loadLegacyTemplate } from './legacy-json';
import type { ExpandedBuild, Template } from './model';
import { type LoadOptions, TEMPLATE_SCHEMA, type TemplateScope, loadTemplateScope } from './scope';
import { decodeSources } from './sources';

/**
 * Loading a whole template into the model, whichever syntax it is written in: Packer's GetConfig
 * (parse, decode, variable values) and Initialize (validate variables, evaluate data sources and
 * locals, then decode sources and builds). What `validate`, `inspect` and `build` start from.
 */

export interface LoadedTemplate {
  readonly template: Template;
  /** The evaluation scope of an HCL2 template (absent for legacy JSON templates). */
  readonly scope?: TemplateScope;
}

export async function loadTemplate(opts: LoadOptions): Promise<LoadedTemplate> {
  const { registry } = opts;
  if (opts.path !== undefined && isLegacyFile(opts.path, opts.cwd)) {
    return {
      template: loadLegacyTemplate({
        file: opts.path,
        cwd: opts.cwd,
        env: opts.env,
        vars: opts.vars,
        varFiles: opts.varFiles,
        now: opts.now?.(),
        registry,
      }),
    };
  }
  const scope = await loadTemplateScope(opts);
  const template: Template = {
    root: scope.root,
    configFiles: scope.configFiles,
    files: scope.files,
    syntax: 'hcl2',
    packer: scope.packer,
    variables: scope.variables,
    locals: scope.locals,
    sensitiveLocals: scope.sensitiveLocals,
    dataSources: scope.dataSources,
    dataValues: scope.dataValues,
    sources: new Map(),
    builds: [],
    diagnostics: scope.diagnostics,
    initDiagnostics: scope.initDiagnostics,
  };
  if (hasErrors(scope.diagnostics)) return { template, scope };

  // Packer reads sources and builds during Initialize, from the file bodies with dynamic blocks
  // expanded in the context that has every variable, local and data source.
  const context = scope.contextFor('build');
  const blocks: HclBlock[] = [];
  for (const body of scope.bodies) {
    // The schema's own problems were reported when the scope was loaded.
    blocks.push(...expandDynamicBlocks(body, context).content(TEMPLATE_SCHEMA).content.blocks);
  }
  const initDiagnostics: Diagnostic[] = [...scope.initDiagnostics];
  const sources = decodeSources(blocks);
  initDiagnostics.push(...sources.diagnostics);
  const builds = decodeBuilds(blocks, context);
  initDiagnostics.push(...builds.diagnostics);
  initDiagnostics.push(...checkBuildReferences(builds.builds, sources.sources, registry));
  return {
    template: {
      ...template,
      sources: sources.sources,
      builds: builds.builds,
      initDiagnostics,
      buildDiagnostics: builds.buildOnlyDiagnostics,
    },
    scope,
  };
}

/** Packer reads a file given on its own as legacy JSON unless it is named `*.pkr.hcl` / `*.pkr.json`. */
function isLegacyFile(p: string, cwd: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path.resolve(cwd, p));
  } catch {
    return false; // discovery reports the missing path in Packer's words
  }
  return stat.isFile() && isLegacyJsonTemplate(p);
}

export interface PrepareOptions {
  readonly only: readonly string[];
  readonly except: readonly string[];
  /** The components known: the one the template was loaded with. */
  readonly registry: ComponentRegistry;
}

/**
 * Packer's GetBuilds: the (build × source) pairs selected by -only/-except, with every component
 * decoded and checked by its schema. The template must have loaded without errors.
 */
export function prepareBuilds(
  loaded: LoadedTemplate,
  opts: PrepareOptions,
): { builds: ExpandedBuild[]; diagnostics: Diagnostic[] } {
  const { registry } = opts;
  const { template, scope } = loaded;
  if (template.syntax === 'json' || !scope) return expandLegacyBuilds(template, registry, opts);
  return expandBuilds(
    { sources: template.sources, builds: template.builds, context: scope.contextFor('build') },
    registry,
    { only: opts.only, except: opts.except, referencesChecked: true },
  );
}
