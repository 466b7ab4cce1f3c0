import { type HclBody, emptyBody } from '../hcl/body';
import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import { makeRange } from '../hcl/pos';
import { isJSONFilename } from '../hcl/parse';
import { jsonBody } from '../hcl/json/body';
import { parseJSON } from '../hcl/json/parser';
import { goQuote } from '../text/go-quote';
import type { SourceFile } from '../hcl/render';
import type { Body } from '../hcl/syntax/ast';
import { nativeBody } from '../hcl/syntax/body';
import { parseConfig } from '../hcl/syntax/parser';

/**
 * Every file a template load has read (configs, variable files, command-line values), kept so that
 * diagnostics can be rendered with source snippets long after parsing. The registry itself is the
 * `files` map renderDiagnostics wants.
 */
export interface LoadedFile extends SourceFile {
  readonly filename: string;
  readonly body: HclBody;
}

export class SourceFiles {
  private readonly files = new Map<string, LoadedFile>();

  /** Parses src in the syntax its name implies and remembers it; returns the body and syntax diagnostics. */
  parse(filename: string, src: string): { body: HclBody; diagnostics: Diagnostic[] } {
    if (isJSONFilename(filename)) {
      const parsed = parseJSON(src, filename);
      const { body, diagnostics } = jsonBody(parsed.root, filename);
      // hcl offers no navigation for JSON files, so their snippets name no enclosing block.
      this.files.set(filename, { filename, src, body });
      return { body, diagnostics: [...parsed.diagnostics, ...diagnostics] };
    }
    const parsed = parseConfig(src, filename);
    const body = nativeBody(parsed.body);
    this.files.set(filename, {
      filename,
      src,
      body,
      contextAt: (byte) => topLevelBlockHeader(parsed.body, byte),
    });
    return { body, diagnostics: parsed.diagnostics };
  }

  /** Remembers text that is not a configuration file (a console line, a -var value) for snippets. */
  addText(filename: string, src: string): void {
    this.files.set(filename, { filename, src, body: emptyBody() });
  }

  loaded(filename: string): LoadedFile | undefined {
    return this.files.get(filename);
  }

  /** The `files` argument of renderDiagnostics. */
  asMap(): ReadonlyMap<string, SourceFile> {
    return this.files;
  }
}

/**
 * hclsyntax's ContextString: the header of the top-level block enclosing a byte offset, as
 * `source "null" "x"`, or undefined outside every block.
 */
export function topLevelBlockHeader(body: Body, byte: number): string | undefined {
  for (const b of body.blocks) {
    if (b.range.start.byte <= byte && byte < b.range.end.byte) {
      return [b.type, ...b.labels.map(goQuote)].join(' ');
    }
  }
  return undefined;
}

/**
 * A file saved as UTF-16 (it starts with a byte order mark, FF FE or FE FF): one "Invalid character
 * encoding" at its start, as Packer reports its first byte, rather than a diagnostic for every
 * byte that is not UTF-8. Checked when a file is read, before any scanning.
 */
export function utf16Problem(bytes: Uint8Array, filename: string): Diagnostic | undefined {
  const bom = bytes.length >= 2 ? (bytes[0] << 8) | bytes[1] : 0;
  if (bom !== 0xfffe && bom !== 0xfeff) return undefined;
  // The text is kept as Node decodes it: the first byte became one replacement character (3 bytes).
  return errorDiag(
    'Invalid character encoding',
    'All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.',
    makeRange(filename, { line: 1, column: 1, byte: 0 }, { line: 1, column: 2, byte: 3 }),
  );
}
