package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/common"
	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
	"github.com/hashicorp/packer-plugin-sdk/template/interpolate"
	"github.com/zclconf/go-cty/cty"
)

type Volume struct {
	Name string `mapstructure:"name"`
	Size int    `mapstructure:"size"`
}

type Settings struct {
	Mode string `mapstructure:"mode"`
}

type BuilderConfig struct {
	common.PackerConfig `mapstructure:",squash"`
	Mock                string            `mapstructure:"mock"`
	Count               int               `mapstructure:"count"`
	Enabled             bool              `mapstructure:"enabled"`
	Names               []string          `mapstructure:"names"`
	Tags                map[string]string `mapstructure:"tags"`
	Volume              []Volume          `mapstructure:"volume"`
	Settings            *Settings         `mapstructure:"settings"`
	ctx                 interpolate.Context
}

type FlatVolume struct {
	Name *string `cty:"name" hcl:"name"`
	Size *int    `cty:"size" hcl:"size"`
}

func (*FlatVolume) HCL2Spec() map[string]hcldec.Spec {
	return map[string]hcldec.Spec{
		"name": &hcldec.AttrSpec{Name: "name", Type: cty.String, Required: false},
		"size": &hcldec.AttrSpec{Name: "size", Type: cty.Number, Required: false},
	}
}

type FlatSettings struct {
	Mode *string `cty:"mode" hcl:"mode"`
}

func (*FlatSettings) HCL2Spec() map[string]hcldec.Spec {
	return map[string]hcldec.Spec{"mode": &hcldec.AttrSpec{Name: "mode", Type: cty.String, Required: false}}
}

type FlatBuilderConfig struct {
	PackerBuildName     *string           `cty:"packer_build_name" hcl:"packer_build_name"`
	PackerBuilderType   *string           `cty:"packer_builder_type" hcl:"packer_builder_type"`
	PackerCoreVersion   *string           `cty:"packer_core_version" hcl:"packer_core_version"`
	PackerDebug         *bool             `cty:"packer_debug" hcl:"packer_debug"`
	PackerForce         *bool             `cty:"packer_force" hcl:"packer_force"`
	PackerOnError       *string           `cty:"packer_on_error" hcl:"packer_on_error"`
	PackerUserVars      map[string]string `cty:"packer_user_variables" hcl:"packer_user_variables"`
	PackerSensitiveVars []string          `cty:"packer_sensitive_variables" hcl:"packer_sensitive_variables"`
	Mock                *string           `cty:"mock" hcl:"mock"`
	Count               *int              `cty:"count" hcl:"count"`
	Enabled             *bool             `cty:"enabled" hcl:"enabled"`
	Names               []string          `cty:"names" hcl:"names"`
	Tags                map[string]string `cty:"tags" hcl:"tags"`
	Volume              []FlatVolume      `cty:"volume" hcl:"volume"`
	Settings            *FlatSettings     `cty:"settings" hcl:"settings"`
}

func (*BuilderConfig) FlatMapstructure() interface{ HCL2Spec() map[string]hcldec.Spec } {
	return new(FlatBuilderConfig)
}

func (*FlatBuilderConfig) HCL2Spec() map[string]hcldec.Spec {
	return packerSpec(map[string]hcldec.Spec{
		"mock":     &hcldec.AttrSpec{Name: "mock", Type: cty.String, Required: false},
		"count":    &hcldec.AttrSpec{Name: "count", Type: cty.Number, Required: false},
		"enabled":  &hcldec.AttrSpec{Name: "enabled", Type: cty.Bool, Required: false},
		"names":    &hcldec.AttrSpec{Name: "names", Type: cty.List(cty.String), Required: false},
		"tags":     &hcldec.AttrSpec{Name: "tags", Type: cty.Map(cty.String), Required: false},
		"volume":   &hcldec.BlockListSpec{TypeName: "volume", Nested: hcldec.ObjectSpec((*FlatVolume)(nil).HCL2Spec())},
		"settings": &hcldec.BlockSpec{TypeName: "settings", Nested: hcldec.ObjectSpec((*FlatSettings)(nil).HCL2Spec())},
	})
}

type Builder struct{ config BuilderConfig }

func (b *Builder) ConfigSpec() hcldec.ObjectSpec { return b.config.FlatMapstructure().HCL2Spec() }

func (b *Builder) Prepare(raws ...interface{}) ([]string, []string, error) {
	err := config.Decode(&b.config, &config.DecodeOpts{PluginType: "kilnfixture-my-builder", Interpolate: true, InterpolateContext: &b.config.ctx}, raws...)
	if err != nil {
		return nil, nil, err
	}
	if b.config.Count < 0 {
		return nil, nil, errors.New("count must not be negative")
	}
	return []string{"MockData"}, nil, nil
}

func (b *Builder) Run(ctx context.Context, ui packersdk.Ui, hook packersdk.Hook) (packersdk.Artifact, error) {
	ui.Say(fmt.Sprintf("my-builder: mock=%s count=%d", b.config.Mock, b.config.Count))
	data := map[string]interface{}{"MockData": "mock-" + b.config.Mock}
	if err := hook.Run(ctx, packersdk.HookProvision, ui, new(packersdk.MockCommunicator), data); err != nil {
		return nil, err
	}
	return &Artifact{id: "kilnfixture-" + b.config.Mock}, nil
}

type Artifact struct{ id string }

func (*Artifact) BuilderId() string        { return "kiln.kilnfixture" }
func (*Artifact) Files() []string          { return nil }
func (a *Artifact) Id() string             { return a.id }
func (a *Artifact) String() string         { return "kilnfixture artifact " + a.id }
func (*Artifact) State(string) interface{} { return nil }
func (*Artifact) Destroy() error           { return nil }
