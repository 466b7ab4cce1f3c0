import { NumberType, StringType, listOf } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionArgError, FunctionError, type FunctionSpec } from './function';
import { registerFamily } from './index';
import { goIntArg } from './support/go-int';
import { type IPNet, formatIP, formatIPNet, maskOf, parseCIDR } from './support/ip';

/**
 * cidrhost, cidrnetmask, cidrsubnet, cidrsubnets: go-cty-funcs' cidr package on top of
 * apparentlymart/go-cidr, including its treatment of negative numbers and its error wording.
 */

function goInt(v: Value, argIndex?: number): bigint {
  return goIntArg(v, (msg) =>
    argIndex === undefined ? new FunctionError(msg) : new FunctionArgError(argIndex, msg),
  );
}

function parseNetwork(s: string, argIndex?: number): IPNet {
  const n = parseCIDR(s);
  if (typeof n === 'string') {
    const msg = `invalid CIDR expression: ${n}`;
    throw argIndex === undefined ? new FunctionError(msg) : new FunctionArgError(argIndex, msg);
  }
  return n;
}

/** big.Int.Uint64 on a negative number yields the low 64 bits of its magnitude. */
function goUint64(n: bigint): bigint {
  return (n < 0n ? -n : n) & 0xffffffffffffffffn;
}

/** go-cidr's insertNumIntoIP: OR with two's-complement semantics, then the magnitude's low bytes. */
function insertNum(ip: bigint, num: bigint, prefixLen: number, bits: number): bigint {
  let r = ip | (num << BigInt(bits - prefixLen));
  if (r < 0n) r = -r;
  return r & ((1n << BigInt(bits)) - 1n);
}

const cidrhost: FunctionSpec = {
  params: [
    { name: 'prefix', type: StringType },
    { name: 'hostnum', type: NumberType },
  ],
  returnType: () => StringType,
  impl: (args) => {
    let num = goInt(args[1]);
    const net = parseNetwork(args[0].asString());
    const maxHost = (1n << BigInt(net.bits - net.prefix)) - 1n;
    let magnitude = num;
    if (num < 0n) {
      // Negative host numbers count back from the end of the range.
      magnitude = -num - 1n;
      num = maxHost - magnitude;
    }
    if (magnitude > maxHost) {
      throw new FunctionError(`prefix of ${net.prefix} does not accommodate a host numbered ${num}`);
    }
    return Value.string(formatIP(insertNum(net.ip, num, net.bits, net.bits), net.bits));
  },
};

const cidrnetmask: FunctionSpec = {
  params: [{ name: 'prefix', type: StringType }],
  returnType: () => StringType,
  impl: (args) => {
    const net = parseNetwork(args[0].asString());
    return Value.string(formatIP(maskOf(net.prefix, net.bits), net.bits));
  },
};

const cidrsubnet: FunctionSpec = {
  params: [
    { name: 'prefix', type: StringType },
    { name: 'newbits', type: NumberType },
    { name: 'netnum', type: NumberType },
  ],
  returnType: () => StringType,
  impl: (args) => {
    const newBits = goInt(args[1]);
    const num = goInt(args[2]);
    const net = parseNetwork(args[0].asString());
    if (newBits > 32n) throw new FunctionError('may not extend prefix by more than 32 bits');
    const newPrefix = net.prefix + Number(newBits);
    if (newPrefix > net.bits) {
      throw new FunctionError(`insufficient address space to extend prefix of ${net.prefix} by ${newBits}`);
    }
    // Go computes 1<<newBits in uint64: a negative width wraps to a shift of 64+ bits, i.e. 0.
    const maxNetNum = newBits < 0n ? 0xffffffffffffffffn : (1n << newBits) - 1n;
    if (goUint64(num) > maxNetNum) {
      throw new FunctionError(`prefix extension of ${newBits} does not accommodate a subnet numbered ${num}`);
    }
    if (newPrefix < 0) return Value.string('<nil>');
    return Value.string(
      formatIPNet({ ip: insertNum(net.ip, num, newPrefix, net.bits), prefix: newPrefix, bits: net.bits }),
    );
  },
};

function lastAddress(n: IPNet): bigint {
  return n.ip | ((1n << BigInt(n.bits - n.prefix)) - 1n);
}

const cidrsubnets: FunctionSpec = {
  params: [{ name: 'prefix', type: StringType }],
  varParam: { name: 'newbits', type: NumberType },
  returnType: () => listOf(StringType),
  impl: (args) => {
    const net = parseNetwork(args[0].asString(), 0);
    const lengths = args.slice(1);
    if (lengths.length === 0) return Value.list([], StringType);
    const size = 1n << BigInt(net.bits);
    const firstLength = net.prefix + Number(goInt(lengths[0], 1));
    // Start just before the base network so the first "next subnet" is the base's first subnet.
    const firstMask = maskOf(Math.max(0, Math.min(firstLength, net.bits)), net.bits);
    let current: IPNet = {
      ip: ((net.ip - 1n + size) % size) & firstMask,
      prefix: firstLength,
      bits: net.bits,
    };
    const out: Value[] = [];
    lengths.forEach((arg, i) => {
      let length = Number(goInt(arg, i + 1));
      if (length < 1) throw new FunctionArgError(i + 1, 'must extend prefix by at least one bit');
      if (length > 32) throw new FunctionArgError(i + 1, 'may not extend prefix by more than 32 bits');
      length += net.prefix;
      if (length > net.bits) {
        const protocol = net.bits === 32 ? 'IPv4' : 'IPv6';
        throw new FunctionArgError(
          i + 1,
          `would extend prefix to ${length} bits, which is too long for an ${protocol} address`,
        );
      }
      const mask = maskOf(length, net.bits);
      const containing: IPNet = { ip: lastAddress(current) & mask, prefix: length, bits: net.bits };
      const after = (lastAddress(containing) + 1n) % size;
      const next: IPNet = { ip: after & mask, prefix: length, bits: net.bits };
      const rollover = after === 0n;
      if (rollover || (next.ip & maskOf(net.prefix, net.bits)) !== net.ip) {
        throw new FunctionArgError(
          i + 1,
          `not enough remaining address space for a subnet with a prefix of ${length} bits after ${formatIPNet(current)}`,
        );
      }
      current = next;
      out.push(Value.string(formatIPNet(current)));
    });
    return Value.list(out, StringType);
  },
};

registerFamily((table) => {
  table.set('cidrhost', cidrhost);
  table.set('cidrnetmask', cidrnetmask);
  table.set('cidrsubnet', cidrsubnet);
  table.set('cidrsubnets', cidrsubnets);
});
