package main

import (
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"
)

// The attributes Packer core sends every component (common.PackerConfig), as packer-sdc writes
// them into each flat config.
func packerSpec(spec map[string]hcldec.Spec) map[string]hcldec.Spec {
	for name, t := range map[string]cty.Type{
		"packer_build_name":          cty.String,
		"packer_builder_type":        cty.String,
		"packer_core_version":        cty.String,
		"packer_debug":               cty.Bool,
		"packer_force":               cty.Bool,
		"packer_on_error":            cty.String,
		"packer_user_variables":      cty.Map(cty.String),
		"packer_sensitive_variables": cty.List(cty.String),
	} {
		spec[name] = &hcldec.AttrSpec{Name: name, Type: t, Required: false}
	}
	return spec
}
