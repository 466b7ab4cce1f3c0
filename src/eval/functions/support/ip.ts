/**
 * IP addresses and prefixes with Go's net package semantics (what go-cty-funcs' cidr functions
 * see): strict parsing as netip.ParseAddr does, and Go's textual forms for output. Addresses are
 * BigInts of 32 (IPv4) or 128 (IPv6) bits so IPv6 arithmetic is exact.
 */
export interface IPNet {
  /** Address bits; for a parsed prefix, already masked to the prefix length. */
  readonly ip: bigint;
  readonly prefix: number;
  /** 32 for IPv4, 128 for IPv6 (including IPv4-mapped IPv6 forms). */
  readonly bits: 32 | 128;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    // Go rejects leading zeros (ambiguous octal) and more than three digits.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  let head = s;
  let tail = '';
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    head = s.slice(0, dbl);
    tail = s.slice(dbl + 2);
    if (tail.includes('::')) return undefined;
  }
  const groups = (part: string): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    const fields = part.split(':');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (i === fields.length - 1 && f.includes('.')) {
        const v4 = parseIPv4(f);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(f)) return undefined;
      out.push(BigInt(`0x${f}`));
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return undefined;
  // An embedded IPv4 address may only end the address.
  if (dbl >= 0 && head.includes('.')) return undefined;
  let all: bigint[];
  if (dbl >= 0) {
    if (h.length + t.length > 7) return undefined;
    all = [...h, ...new Array<bigint>(8 - h.length - t.length).fill(0n), ...t];
  } else {
    if (h.length !== 8) return undefined;
    all = h;
  }
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses an address as netip.ParseAddr; zones are reported so CIDR parsing can reject them. */
export function parseAddr(s: string): { value: bigint; bits: 32 | 128; zone: boolean } | undefined {
  if (s.includes(':')) {
    const pct = s.indexOf('%');
    const addr = pct >= 0 ? s.slice(0, pct) : s;
    if (pct >= 0 && pct === s.length - 1) return undefined;
    const v = parseIPv6(addr);
    return v === undefined ? undefined : { value: v, bits: 128, zone: pct >= 0 };
  }
  const v = parseIPv4(s);
  return v === undefined ? undefined : { value: v, bits: 32, zone: false };
}

export function maskOf(prefix: number, bits: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefix)) - 1n);
}

/** net.ParseCIDR; on failure returns Go's error text. */
export function parseCIDR(s: string): IPNet | string {
  const err = `invalid CIDR address: ${s}`;
  const slash = s.indexOf('/');
  if (slash < 0) return err;
  const addr = parseAddr(s.slice(0, slash));
  if (!addr || addr.zone) return err;
  const m = s.slice(slash + 1);
  if (!/^[0-9]{1,8}$/.test(m)) return err;
  const prefix = Number(m);
  if (prefix > addr.bits) return err;
  return { ip: addr.value & maskOf(prefix, addr.bits), prefix, bits: addr.bits };
}

function isV4Mapped(v: bigint): boolean {
  return v >> 32n === 0xffffn;
}

/** Go's net.IP.String for an address of the given width. */
export function formatIP(v: bigint, bits: 32 | 128): string {
  if (bits === 32 || isV4Mapped(v)) {
    const x = bits === 32 ? v : v & 0xffffffffn;
    return [24n, 16n, 8n, 0n].map((sh) => String((x >> sh) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  // Compress the first longest run of two or more zero groups (RFC 5952, as Go does).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Go's net.IPNet.String (the address is printed as stored, not re-masked). */
export function formatIPNet(n: IPNet): string {
  if (n.prefix < 0) return '<nil>';
  if (n.bits === 128 && isV4Mapped(n.ip)) {
    // Go prints IPv4-mapped networks in IPv4 form with the mask's last 32 bits.
    return `${formatIP(n.ip, 128)}/${Math.max(0, n.prefix - 96)}`;
  }
  return `${formatIP(n.ip, n.bits)}/${n.prefix}`;
}
