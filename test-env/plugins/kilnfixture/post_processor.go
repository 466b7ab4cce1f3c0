package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/common"
	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
	"github.com/hashicorp/packer-plugin-sdk/template/interpolate"
	"github.com/zclconf/go-cty/cty"
)

// The post-processor reads everything of its input artifact (served by Packer core, here Kiln) and
// returns a new artifact of its own, whose Destroy leaves a mark when destroy_mark names a file:
// so a test sees Packer core's chain semantics (keep, force, destroy) from the outside.
type PostProcessorConfig struct {
	common.PackerConfig `mapstructure:",squash"`
	Mock                string `mapstructure:"mock"`
	KeepInput           bool   `mapstructure:"keep_input"`
	ForceOverride       bool   `mapstructure:"force_override"`
	NoArtifact          bool   `mapstructure:"no_artifact"`
	Fail                string `mapstructure:"fail"`
	DestroyInput        bool   `mapstructure:"destroy_input"`
	DestroyMark         string `mapstructure:"destroy_mark"`
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
	KeepInput           *bool             `cty:"keep_input" hcl:"keep_input"`
	ForceOverride       *bool             `cty:"force_override" hcl:"force_override"`
	NoArtifact          *bool             `cty:"no_artifact" hcl:"no_artifact"`
	Fail                *string           `cty:"fail" hcl:"fail"`
	DestroyInput        *bool             `cty:"destroy_input" hcl:"destroy_input"`
	DestroyMark         *string           `cty:"destroy_mark" hcl:"destroy_mark"`
}

func (*PostProcessorConfig) FlatMapstructure() interface{ HCL2Spec() map[string]hcldec.Spec } {
	return new(FlatPostProcessorConfig)
}

func (*FlatPostProcessorConfig) HCL2Spec() map[string]hcldec.Spec {
	return packerSpec(map[string]hcldec.Spec{
		"mock":           &hcldec.AttrSpec{Name: "mock", Type: cty.String, Required: false},
		"keep_input":     &hcldec.AttrSpec{Name: "keep_input", Type: cty.Bool, Required: false},
		"force_override": &hcldec.AttrSpec{Name: "force_override", Type: cty.Bool, Required: false},
		"no_artifact":    &hcldec.AttrSpec{Name: "no_artifact", Type: cty.Bool, Required: false},
		"fail":           &hcldec.AttrSpec{Name: "fail", Type: cty.String, Required: false},
		"destroy_input":  &hcldec.AttrSpec{Name: "destroy_input", Type: cty.Bool, Required: false},
		"destroy_mark":   &hcldec.AttrSpec{Name: "destroy_mark", Type: cty.String, Required: false},
	})
}

type PostProcessor struct{ config PostProcessorConfig }

func (p *PostProcessor) ConfigSpec() hcldec.ObjectSpec { return p.config.FlatMapstructure().HCL2Spec() }

func (p *PostProcessor) Configure(raws ...interface{}) error {
	return config.Decode(&p.config, &config.DecodeOpts{PluginType: "kilnfixture-my-post-processor", Interpolate: true, InterpolateContext: &p.config.ctx}, raws...)
}

func (p *PostProcessor) PostProcess(_ context.Context, ui packersdk.Ui, a packersdk.Artifact) (packersdk.Artifact, bool, bool, error) {
	c := p.config
	ui.Say(fmt.Sprintf("my-post-processor: mock=%s artifact=%s", c.Mock, a.Id()))
	ui.Message(fmt.Sprintf("input: builder=%s files=%v string=%q", a.BuilderId(), a.Files(), a.String()))
	generated := map[string]interface{}{}
	if data, ok := a.State("generated_data").(map[interface{}]interface{}); ok {
		keys := []string{}
		for k, v := range data {
			generated[fmt.Sprint(k)] = v
			keys = append(keys, fmt.Sprint(k))
		}
		sort.Strings(keys)
		ui.Message("input generated_data: " + strings.Join(keys, ","))
	}
	if c.DestroyInput {
		if err := a.Destroy(); err != nil {
			return nil, false, false, fmt.Errorf("destroying the input: %s", err)
		}
		ui.Message("input destroyed")
	}
	if c.Fail != "" {
		return nil, false, false, errors.New(c.Fail)
	}
	if c.NoArtifact {
		return nil, c.KeepInput, c.ForceOverride, nil
	}
	out := &PostProcessorArtifact{
		id:        "pp-" + c.Mock + "-" + a.Id(),
		files:     append([]string{}, a.Files()...),
		input:     a.BuilderId(),
		generated: generated,
		mark:      c.DestroyMark,
	}
	return out, c.KeepInput, c.ForceOverride, nil
}

type PostProcessorArtifact struct {
	id        string
	files     []string
	input     string
	generated map[string]interface{}
	mark      string
}

func (*PostProcessorArtifact) BuilderId() string { return "kiln.kilnfixture.post-processor" }
func (a *PostProcessorArtifact) Files() []string { return a.files }
func (a *PostProcessorArtifact) Id() string      { return a.id }
func (a *PostProcessorArtifact) String() string {
	return "kilnfixture post-processor artifact " + a.id + " from " + a.input
}
func (a *PostProcessorArtifact) State(name string) interface{} {
	if name == "generated_data" {
		return a.generated
	}
	return nil
}
func (a *PostProcessorArtifact) Destroy() error {
	if a.mark == "" {
		return nil
	}
	return os.WriteFile(a.mark, []byte("destroyed "+a.id+"\n"), 0644)
}
