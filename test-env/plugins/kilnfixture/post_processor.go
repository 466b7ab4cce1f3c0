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

type PostProcessorConfig struct {
	common.PackerConfig `mapstructure:",squash"`
	Mock                string `mapstructure:"mock"`
	ctx                 interpolate.Context
}

type FlatPostProcessorConfig struct {
	PackerBuildName     *string           `cty:"packer_build_name" hcl:"packer_build_name"`
	PackerBuilderType   *string           `cty:"packer_builder_type" hcl:"packer_builder_type"`
	PackerCoreVersion   *string           `cty:"packer_core_version" hcl:"packer_core_version"`
	PackerDebug         *bool             `cty:"packer_debug" hcl:"packer_debug"`
	PackerForce         *bool             `cty:"packer_force" hcl:"packer_force"`
	PackerOnError       *string           `cty:"packer_on_error" hcl:"packer_on_error"`
	PackerUserVars      map[string]string `cty:"packer_user_variables" hcl:"packer_user_variables"`
	PackerSensitiveVars []string          `cty:"packer_sensitive_variables" hcl:"packer_sensitive_variables"`
	Mock                *string           `cty:"mock" hcl:"mock"`
}

func (*PostProcessorConfig) FlatMapstructure() interface{ HCL2Spec() map[string]hcldec.Spec } {
	return new(FlatPostProcessorConfig)
}

func (*FlatPostProcessorConfig) HCL2Spec() map[string]hcldec.Spec {
	return packerSpec(map[string]hcldec.Spec{
		"mock": &hcldec.AttrSpec{Name: "mock", Type: cty.String, Required: false},
	})
}

type PostProcessor struct{ config PostProcessorConfig }

func (p *PostProcessor) ConfigSpec() hcldec.ObjectSpec { return p.config.FlatMapstructure().HCL2Spec() }

func (p *PostProcessor) Configure(raws ...interface{}) error {
	return config.Decode(&p.config, &config.DecodeOpts{PluginType: "kilnfixture-my-post-processor", Interpolate: true, InterpolateContext: &p.config.ctx}, raws...)
}

func (p *PostProcessor) PostProcess(_ context.Context, ui packersdk.Ui, a packersdk.Artifact) (packersdk.Artifact, bool, bool, error) {
	ui.Say(fmt.Sprintf("my-post-processor: mock=%s artifact=%s", p.config.Mock, a.Id()))
	return a, true, false, nil
}
