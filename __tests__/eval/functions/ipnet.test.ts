import { argError, callError, caller, num, plain, str } from './family-harness';

const call = caller();
const s = (name: string, ...args: (string | number)[]): string =>
  call(name, ...args.map((a) => (typeof a === 'string' ? str(a) : num(a)))).asString();

describe('cidrhost', () => {
  it('computes IPv4 and IPv6 host addresses, counting back for negatives', () => {
    expect(s('cidrhost', '10.12.112.0/20', 16)).toBe('10.12.112.16');
    expect(s('cidrhost', '10.12.112.0/20', 268)).toBe('10.12.113.12');
    expect(s('cidrhost', '10.0.0.0/24', -1)).toBe('10.0.0.255');
    expect(s('cidrhost', 'fd00:fd12:3456:7890:00a2::/72', 34)).toBe('fd00:fd12:3456:7890::22');
    expect(s('cidrhost', 'fe80::/10', 5)).toBe('fe80::5');
    expect(s('cidrhost', '10.0.0.7/24', 0)).toBe('10.0.0.0');
  });
  it('reports go-cidr and gocty errors (as seen from Packer 1.6.6)', () => {
    expect(callError(() => s('cidrhost', '10.0.0.0/24', -300))).toBe(
      'prefix of 24 does not accommodate a host numbered -44',
    );
    expect(callError(() => s('cidrhost', '10.0.0.0/24', 256))).toBe(
      'prefix of 24 does not accommodate a host numbered 256',
    );
    expect(callError(() => s('cidrhost', '10.0.0.0/24', 1.5))).toBe(
      'value must be a whole number, between -9223372036854775808 and 9223372036854775807',
    );
    expect(callError(() => s('cidrhost', '10.0.0.0', 1))).toBe(
      'invalid CIDR expression: invalid CIDR address: 10.0.0.0',
    );
    expect(callError(() => s('cidrhost', '010.0.0.0/8', 1))).toMatch(/invalid CIDR address/);
    expect(callError(() => s('cidrhost', '10.0.0.0/33', 1))).toMatch(/invalid CIDR address/);
    expect(callError(() => s('cidrhost', 'fe80::1%eth0/64', 1))).toMatch(/invalid CIDR address/);
  });
});

describe('cidrnetmask', () => {
  it('renders the mask as an address', () => {
    expect(s('cidrnetmask', '172.16.0.0/12')).toBe('255.240.0.0');
    expect(s('cidrnetmask', '10.0.0.0/0')).toBe('0.0.0.0');
    expect(s('cidrnetmask', 'fe80::/10')).toBe('ffc0::');
  });
});

describe('cidrsubnet', () => {
  it('extends prefixes (documentation examples and Packer 1.6.6 quirks)', () => {
    expect(s('cidrsubnet', '172.16.0.0/12', 4, 2)).toBe('172.18.0.0/16');
    expect(s('cidrsubnet', '10.1.2.0/24', 4, 15)).toBe('10.1.2.240/28');
    expect(s('cidrsubnet', 'fd00:fd12:3456:7890::/56', 16, 162)).toBe('fd00:fd12:3456:7800:a200::/72');
    expect(s('cidrsubnet', '10.0.0.0/8', 8, -1)).toBe('0.1.0.0/16');
    expect(s('cidrsubnet', '10.0.0.0/8', -1, 0)).toBe('10.0.0.0/7');
  });
  it('reports errors', () => {
    expect(callError(() => s('cidrsubnet', '10.0.0.0/8', 33, 0))).toBe(
      'may not extend prefix by more than 32 bits',
    );
    expect(callError(() => s('cidrsubnet', '10.0.0.0/30', 3, 0))).toBe(
      'insufficient address space to extend prefix of 30 by 3',
    );
    expect(callError(() => s('cidrsubnet', '10.0.0.0/8', 2, 4))).toBe(
      'prefix extension of 2 does not accommodate a subnet numbered 4',
    );
  });
});

describe('cidrsubnets', () => {
  it('allocates consecutive subnets', () => {
    const r = call('cidrsubnets', str('10.1.0.0/16'), num(4), num(4), num(8), num(4));
    expect(plain(r)).toEqual(['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']);
    expect(plain(call('cidrsubnets', str('fd00:fd12:3456:7890::/56'), num(16), num(16)))).toEqual([
      'fd00:fd12:3456:7800::/72',
      'fd00:fd12:3456:7800:100::/72',
    ]);
    expect(plain(call('cidrsubnets', str('10.0.0.0/8')))).toEqual([]);
  });
  it('reports errors against the offending argument', () => {
    expect(argError(() => call('cidrsubnets', str('10.0.0.0/30'), num(1), num(1), num(1)))).toEqual({
      argIndex: 3,
      message: 'not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31',
    });
    expect(argError(() => call('cidrsubnets', str('10.0.0.0/8'), num(0)))).toEqual({
      argIndex: 1,
      message: 'must extend prefix by at least one bit',
    });
    expect(argError(() => call('cidrsubnets', str('10.0.0.0/8'), num(4), num(33)))).toEqual({
      argIndex: 2,
      message: 'may not extend prefix by more than 32 bits',
    });
    expect(argError(() => call('cidrsubnets', str('10.0.0.0/30'), num(3)))).toEqual({
      argIndex: 1,
      message: 'would extend prefix to 33 bits, which is too long for an IPv4 address',
    });
    expect(argError(() => call('cidrsubnets', str('nope'), num(3))).argIndex).toBe(0);
  });
});
