import { typeString } from '../values/types';
import { renderConsole } from '../values/render';
import { goQuote } from '../text/go-quote';
import type { ComponentBlockBase, SourceUse, Template } from './model';
import { variableValue } from './variables';

/**
 * `inspect`: what a template defines, in Packer's layout (HCL2 mode or the legacy JSON mode), and the
 * same facts as JSON for machines (the GitHub Action, editors). Sensitive values never appear.
 */

/** Packer's listing of input variables and locals (also the console's `variables` command). */
export function variablesListing(template: Pick<Template, 'variables' | 'locals'>): string {
  let out = '> input-variables:\n\n';
  for (const name of [...template.variables.keys()].sort()) {
    const v = template.variables.get(name);
    if (v) out += `var.${name}: ${goQuote(renderConsole(variableValue(v)))}\n`;
  }
  out += '\n> local-variables:\n\n';
  for (const name of [...template.locals.keys()].sort()) {
    const v = template.locals.get(name);
    if (v) out += `local.${name}: ${goQuote(renderConsole(v))}\n`;
  }
  return out;
}

/**
 * What Packer's InspectConfig writes through its UI, in order: `say` texts (each printed with a
 * newline) and `machine` rows, which only a machine-readable UI prints (as
 * `timestamp,,template-variable,...`; a plain UI just logs them). Legacy JSON templates get
 * template-variable, template-builder and template-provisioner rows; HCL2 templates none, only the
 * three texts (heading, variables, builds).
 */
export type InspectLine =
  | { readonly kind: 'say'; readonly text: string }
  | { readonly kind: 'machine'; readonly category: string; readonly args: readonly string[] };

export function inspectLines(template: Template): InspectLine[] {
  return template.syntax === 'json' ? inspectLegacy(template) : inspectHCL(template);
}

/** The plain UI's rendering: every `say` text and its newline. */
export function inspectText(template: Template): string {
  return inspectLines(template)
    .map((l) => (l.kind === 'say' ? l.text + '\n' : ''))
    .join('');
}

function say(text: string): InspectLine {
  return { kind: 'say', text };
}

function machine(category: string, ...args: string[]): InspectLine {
  return { kind: 'machine', category, args };
}

function componentLabel(c: ComponentBlockBase): string {
  return c.name !== undefined && c.name !== '' ? `${c.type}.${c.name}` : c.type;
}

function sourceUseLabel(s: SourceUse): string {
  return `${s.type}.${s.localName ?? s.name}`;
}

/** hcl2template's InspectConfig: variables, locals, then every build with its components. */
function inspectHCL(template: Template): InspectLine[] {
  let out = '> builds:\n';
  template.builds.forEach((build, i) => {
    out += `\n  > ${build.name !== '' ? build.name : `<unnamed build ${i}>`}:\n`;
    if (build.description !== '') out += `\n  > Description: ${build.description}\n`;
    out += '\n    sources:\n';
    if (build.sources.length === 0) out += '\n      <no source>\n';
    for (const s of build.sources) out += `\n      ${sourceUseLabel(s)}\n`;
    out += '\n    provisioners:\n\n';
    if (build.provisioners.length === 0) out += '      <no provisioner>\n';
    for (const p of build.provisioners) out += `      ${componentLabel(p)}\n`;
    out += '\n    post-processors:\n';
    if (build.postProcessorChains.length === 0) out += '\n      <no post-processor>\n';
    build.postProcessorChains.forEach((chain, j) => {
      out += `\n      ${j}:\n`;
      for (const pp of chain) out += `        ${componentLabel(pp)}\n`;
    });
  });
  return [say('Packer Inspect: HCL2 mode\n'), say(variablesListing(template)), say(out)];
}

/** Packer's legacy Core.InspectConfig. */
function inspectLegacy(template: Template): InspectLine[] {
  const lines: InspectLine[] = [say('Packer Inspect: JSON mode')];
  if (template.description !== undefined && template.description !== '') {
    lines.push(say('Description:\n'), say(template.description + '\n'));
  }
  const names = [...template.variables.keys()].sort();
  if (names.length === 0) {
    lines.push(say('Variables:\n'), say('  <No variables>'));
  } else {
    const required = names.filter((n) =>
      template.variables.get(n)?.values.every((a) => a.from !== 'default'),
    );
    if (required.length > 0) {
      lines.push(say('Required variables:\n'));
      for (const n of required) lines.push(machine('template-variable', n, '', '1'), say(`  ${n}`));
      lines.push(say(''));
    }
    lines.push(say('Optional variables and their defaults:\n'));
    const width = Math.max(...names.map((n) => n.length));
    for (const n of names) {
      const v = template.variables.get(n);
      if (!v || required.includes(n)) continue;
      const def = v.values.find((a) => a.from === 'default');
      const shown = v.sensitive ? '<sensitive>' : def ? renderConsole(def.value) : '';
      lines.push(machine('template-variable', n, shown, '0'), say(`  ${n.padEnd(width)} = ${shown}`));
    }
  }
  lines.push(say(''), say('Builders:\n'));
  // Builders by the names as written: Packer interpolates them only when it builds.
  const builders = [...template.sources.values()].map((s) => ({ name: s.rawName ?? s.name, type: s.type }));
  if (builders.length === 0) lines.push(say('  <No builders>'));
  else {
    const width = Math.max(...builders.map((s) => s.name.length));
    for (const s of builders.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      lines.push(
        machine('template-builder', s.name, s.type),
        say(`  ${s.name.padEnd(width)}${s.name !== s.type ? ` (${s.type})` : ''}`),
      );
    }
  }
  lines.push(say(''), say('Provisioners:\n'));
  const provisioners = template.builds.flatMap((b) => b.provisioners);
  if (provisioners.length === 0) lines.push(say('  <No provisioners>'));
  for (const p of provisioners) lines.push(machine('template-provisioner', p.type), say(`  ${p.type}`));
  lines.push(
    say(
      '\nNote: If your build names contain user variables or template\n' +
        "functions such as 'timestamp', these are processed at build time,\n" +
        'and therefore only show in their raw form here.',
    ),
  );
  return lines;
}

export interface ComponentJSON {
  readonly type: string;
  readonly name?: string;
  readonly only?: readonly string[];
  readonly except?: readonly string[];
}

export interface TemplateJSON {
  readonly syntax: 'hcl2' | 'json';
  readonly root: string;
  readonly files: readonly string[];
  readonly requiredVersions: readonly string[];
  readonly requiredPlugins: readonly { name: string; source: string; version: string }[];
  readonly variables: readonly {
    name: string;
    type: string;
    description: string;
    sensitive: boolean;
    /** As the console prints it; `<sensitive>` for sensitive variables, `<unknown>` when unset. */
    value: string;
    set: boolean;
  }[];
  readonly locals: readonly { name: string; value: string }[];
  readonly dataSources: readonly { type: string; name: string }[];
  readonly sources: readonly { type: string; name: string }[];
  readonly builds: readonly {
    name: string;
    description: string;
    sources: readonly string[];
    provisioners: readonly ComponentJSON[];
    errorCleanupProvisioner?: ComponentJSON;
    postProcessors: readonly (readonly ComponentJSON[])[];
  }[];
}

function componentJSON(c: ComponentBlockBase): ComponentJSON {
  return {
    type: c.type,
    ...(c.name !== undefined && c.name !== '' ? { name: c.name } : {}),
    ...(c.only.length > 0 ? { only: c.only } : {}),
    ...(c.except.length > 0 ? { except: c.except } : {}),
  };
}

/** The model as plain JSON (`inspect --format=json`). */
export function templateToJSON(template: Template): TemplateJSON {
  return {
    syntax: template.syntax,
    root: template.root,
    files: template.configFiles,
    requiredVersions: template.packer.requiredVersions.map((r) => r.constraint),
    requiredPlugins: template.packer.requiredPlugins.map((p) => ({
      name: p.name,
      source: p.source,
      version: p.version,
    })),
    variables: [...template.variables.values()].map((v) => ({
      name: v.name,
      type: typeString(v.type),
      description: v.description,
      sensitive: v.sensitive,
      value: renderConsole(variableValue(v)),
      set: v.values.length > 0,
    })),
    locals: [...template.locals].map(([name, v]) => ({ name, value: renderConsole(v) })),
    dataSources: template.dataSources.map((d) => ({ type: d.type, name: d.name })),
    sources: [...template.sources.values()].map((s) => ({ type: s.type, name: s.name })),
    builds: template.builds.map((b) => ({
      name: b.name,
      description: b.description,
      sources: b.sources.map(sourceUseLabel),
      provisioners: b.provisioners.map(componentJSON),
      ...(b.errorCleanupProvisioner
        ? { errorCleanupProvisioner: componentJSON(b.errorCleanupProvisioner) }
        : {}),
      postProcessors: b.postProcessorChains.map((chain) => chain.map(componentJSON)),
    })),
  };
}
