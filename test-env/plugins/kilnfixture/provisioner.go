package main

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/common"
	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
	"github.com/hashicorp/packer-plugin-sdk/template/interpolate"
	"github.com/zclconf/go-cty/cty"
)

type ProvisionerConfig struct {
	common.PackerConfig `mapstructure:",squash"`
	Greeting            string `mapstructure:"greeting"`
	Command             string `mapstructure:"command"`
	ctx                 interpolate.Context
}

type FlatProvisionerConfig struct {
	PackerBuildName     *string           `cty:"packer_build_name" hcl:"packer_build_name"`
	PackerBuilderType   *string           `cty:"packer_builder_type" hcl:"packer_builder_type"`
	PackerCoreVersion   *string           `cty:"packer_core_version" hcl:"packer_core_version"`
	PackerDebug         *bool             `cty:"packer_debug" hcl:"packer_debug"`
	PackerForce         *bool             `cty:"packer_force" hcl:"packer_force"`
	PackerOnError       *string           `cty:"packer_on_error" hcl:"packer_on_error"`
	PackerUserVars      map[string]string `cty:"packer_user_variables" hcl:"packer_user_variables"`
	PackerSensitiveVars []string          `cty:"packer_sensitive_variables" hcl:"packer_sensitive_variables"`
	Greeting            *string           `cty:"greeting" hcl:"greeting"`
	Command             *string           `cty:"command" hcl:"command"`
}

func (*ProvisionerConfig) FlatMapstructure() interface{ HCL2Spec() map[string]hcldec.Spec } {
	return new(FlatProvisionerConfig)
}

// greeting is Required in the spec itself, so Packer core's hcldec reports it missing (packer-sdc
// never writes such specs; hand-written ones may).
func (*FlatProvisionerConfig) HCL2Spec() map[string]hcldec.Spec {
	return packerSpec(map[string]hcldec.Spec{
		"greeting": &hcldec.AttrSpec{Name: "greeting", Type: cty.String, Required: true},
		"command":  &hcldec.AttrSpec{Name: "command", Type: cty.String, Required: false},
	})
}

type Provisioner struct{ config ProvisionerConfig }

func (p *Provisioner) ConfigSpec() hcldec.ObjectSpec { return p.config.FlatMapstructure().HCL2Spec() }

func (p *Provisioner) Prepare(raws ...interface{}) error {
	return config.Decode(&p.config, &config.DecodeOpts{PluginType: "kilnfixture-my-provisioner", Interpolate: true, InterpolateContext: &p.config.ctx}, raws...)
}

func (p *Provisioner) Provision(ctx context.Context, ui packersdk.Ui, comm packersdk.Communicator, data map[string]interface{}) error {
	ui.Say(fmt.Sprintf("my-provisioner: %s (MockData=%v)", p.config.Greeting, data["MockData"]))
	if p.config.Command == "" {
		return nil
	}
	cmd := &packersdk.RemoteCmd{Command: p.config.Command}
	if err := cmd.RunWithUi(ctx, comm, ui); err != nil {
		return err
	}
	if cmd.ExitStatus() != 0 {
		return fmt.Errorf("command %q exited with status %d", p.config.Command, cmd.ExitStatus())
	}
	return nil
}
