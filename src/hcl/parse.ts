import type { HclBody } from './body';
import type { Diagnostic } from './diagnostics';
import { jsonBody } from './json/body';
import { parseJSON } from './json/parser';
import { nativeBody } from './syntax/body';
import { parseConfig } from './syntax/parser';

/**
 * Parses a configuration file in whichever syntax its name says: JSON for names ending in ".json"
 * (`.pkr.json`, `.pkrvars.json`), the native syntax otherwise. The body is usable even when there
 * are errors, so callers can report decoding problems alongside syntax ones if they wish.
 */
export function parseFile(src: string, filename: string): { body: HclBody; diagnostics: Diagnostic[] } {
  if (isJSONFilename(filename)) {
    const parsed = parseJSON(src, filename);
    const { body, diagnostics } = jsonBody(parsed.root, filename);
    return { body, diagnostics: [...parsed.diagnostics, ...diagnostics] };
  }
  const parsed = parseConfig(src, filename);
  return { body: nativeBody(parsed.body), diagnostics: parsed.diagnostics };
}

export function isJSONFilename(filename: string): boolean {
  return filename.endsWith('.json'); // case-sensitive, as Packer's suffix check is
}
