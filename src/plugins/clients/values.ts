/**
 * Reading the Go values plugins send back through msgpack: a Go string arrives as str, but a
 * plugin (or an older ugorji) may write bytes as bin, a nil slice as nil, and an error value
 * (rpc.BasicError) as a map with its Message.
 */

export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (value === null || value === undefined) return '';
  return String(value);
}

export function textList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text) : [];
}

/** The message of a Go error value in a reply (`*BasicError` → `{Message}`), or undefined for nil. */
export function goError(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object' && !(value instanceof Uint8Array)) {
    const message = (value as Record<string, unknown>).Message;
    if (message !== undefined) return text(message) || 'unknown error';
    return 'unknown error';
  }
  return text(value) || 'unknown error';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}
