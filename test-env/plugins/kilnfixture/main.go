// packer-plugin-kilnfixture: a small plugin of Kiln's own, written with packer-plugin-sdk, with one
// component of each kind (as packer-plugin-scaffolding has), for the plugin bridge's tests. The Go
// module proxy refuses every version of packer-plugin-scaffolding (403), so this stands in for it.
// Its specs are written by hand (packer-sdc would generate them) and cover what the SDK can put on
// the wire: string, number, bool, list and map attributes, a required attribute, a block and a
// block list.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/plugin"
	"github.com/hashicorp/packer-plugin-sdk/version"
)

func main() {
	pps := plugin.NewSet()
	pps.RegisterBuilder("my-builder", new(Builder))
	pps.RegisterProvisioner("my-provisioner", new(Provisioner))
	pps.RegisterPostProcessor("my-post-processor", new(PostProcessor))
	pps.RegisterDatasource("my-datasource", new(Datasource))
	pps.SetVersion(version.InitializePluginVersion("0.2.0", ""))
	if err := pps.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err.Error())
		os.Exit(1)
	}
}
