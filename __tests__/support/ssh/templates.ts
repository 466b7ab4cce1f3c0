/**
 * Template text for null builds over SSH: a `null` source pointed at a test sshd, and a build of it
 * with provisioners. Auth lines come from keyAuth/passwordAuth or are written by the test.
 */

export interface SshTarget {
  readonly address: string;
  readonly port: number;
}

/** ssh_username with a private key file. */
export function keyAuth(user: string, keyFile: string): string {
  return `  ssh_username         = "${user}"\n  ssh_private_key_file = "${keyFile}"`;
}

/** ssh_username with ssh_password. */
export function passwordAuth(user: string, password: string): string {
  return `  ssh_username = "${user}"\n  ssh_password = "${password}"`;
}

/** `source "null" "box"` connecting to `target` with the `auth` lines and any `extra` ones. */
export function nullSshSource(target: SshTarget, auth: string, extra = '', timeout = '15s'): string {
  return (
    `source "null" "box" {\n  ssh_host    = "${target.address}"\n  ssh_port    = ${target.port}\n` +
    `  ssh_timeout = "${timeout}"\n${auth}\n${extra}\n}\n`
  );
}

/** A build of source.null.box with these provisioner blocks (text). */
export function nullBuild(provisioners: string): string {
  return `build {\n  sources = ["source.null.box"]\n${provisioners}\n}\n`;
}

/** A build of source.null.box with one shell provisioner running `command`. */
export function shellBuild(command: string): string {
  return nullBuild(`  provisioner "shell" {\n    inline = [${JSON.stringify(command)}]\n  }`);
}
