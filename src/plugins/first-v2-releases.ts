/**
 * The first release of known plugins built with packer-plugin-sdk v0.6.0 or later (protocol v2),
 * by source address as in required_plugins, so a refused plugin's message names the release to
 * move to. Each entry read from the plugin's go.mod at its release tags.
 */
export const FIRST_V2_RELEASES: Readonly<Record<string, string>> = {
  'github.com/hashicorp/amazon': 'v1.3.5',
  'github.com/hashicorp/docker': 'v1.1.2',
};
