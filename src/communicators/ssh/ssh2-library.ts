/**
 * The parts of ssh2 Kiln uses. ssh2 takes ~60 ms to load, which `kiln validate`, `inspect` and
 * `console` (and builds that never open an SSH connection) should not pay, so it ships as the
 * dist/ssh2 bundle and is read through loadSsh2() the first time a connection or key is needed.
 */
export { Client, utils } from 'ssh2';
