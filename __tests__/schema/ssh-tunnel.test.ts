import { goAtoi, parseTunnelArgument, splitHostPort } from '../../src/schema/ssh-tunnel';

describe('splitHostPort (Go net.SplitHostPort)', () => {
  test.each([
    ['localhost:80', { ok: true, host: 'localhost', port: '80' }],
    ['[::1]:22', { ok: true, host: '::1', port: '22' }],
    [':80', { ok: true, host: '', port: '80' }],
    ['host:', { ok: true, host: 'host', port: '' }],
    ['localhost', { ok: false, message: 'address localhost: missing port in address' }],
    ['::1:22', { ok: false, message: 'address ::1:22: too many colons in address' }],
    ['[::1', { ok: false, message: "address [::1: missing ']' in address" }],
    ['[::1]', { ok: false, message: 'address [::1]: missing port in address' }],
    ['[::1]x:22', { ok: false, message: 'address [::1]x:22: missing port in address' }],
    ['[::1]:22:1', { ok: false, message: 'address [::1]:22:1: too many colons in address' }],
    ['a]b:22', { ok: false, message: "address a]b:22: unexpected ']' in address" }],
    ['a[b:22', { ok: false, message: "address a[b:22: unexpected '[' in address" }],
  ])('%s', (input, expected) => {
    expect(splitHostPort(input)).toEqual(expected);
  });
});

describe('goAtoi (strconv.Atoi)', () => {
  test.each([
    ['22', { ok: true, value: 22 }],
    ['+22', { ok: true, value: 22 }],
    ['-1', { ok: true, value: -1 }],
    ['', { ok: false, message: 'strconv.Atoi: parsing "": invalid syntax' }],
    ['8o', { ok: false, message: 'strconv.Atoi: parsing "8o": invalid syntax' }],
    [
      '9223372036854775808',
      { ok: false, message: 'strconv.Atoi: parsing "9223372036854775808": value out of range' },
    ],
  ])('%j', (input, expected) => {
    expect(goAtoi(input)).toEqual(expected);
  });
});

describe('parseTunnelArgument', () => {
  test('port:host:hostport', () => {
    expect(parseTunnelArgument('8080:localhost:3000')).toEqual({
      ok: true,
      tunnel: { listenPort: 8080, forwardHost: 'localhost', forwardPort: 3000 },
    });
  });
  test.each([
    ['', "Error parsing tunnel '': []"],
    [
      '8080:localhost:http',
      'Error parsing forwarding port, must be a valid port: strconv.Atoi: parsing "http": invalid syntax',
    ],
    [
      'x:localhost:80',
      'Error parsing listening port, must be a valid port: strconv.Atoi: parsing "x": invalid syntax',
    ],
  ])('%j', (input, message) => {
    expect(parseTunnelArgument(input)).toEqual({ ok: false, message });
  });
});
