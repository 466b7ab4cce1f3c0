package main

import (
	"errors"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
	"github.com/zclconf/go-cty/cty"
)

type DatasourceConfig struct {
	Mock string `mapstructure:"mock"`
}

type FlatDatasourceConfig struct {
	Mock *string `cty:"mock" hcl:"mock"`
}

func (*DatasourceConfig) FlatMapstructure() interface{ HCL2Spec() map[string]hcldec.Spec } {
	return new(FlatDatasourceConfig)
}

func (*FlatDatasourceConfig) HCL2Spec() map[string]hcldec.Spec {
	return map[string]hcldec.Spec{"mock": &hcldec.AttrSpec{Name: "mock", Type: cty.String, Required: false}}
}

type Datasource struct{ config DatasourceConfig }

func (d *Datasource) ConfigSpec() hcldec.ObjectSpec { return d.config.FlatMapstructure().HCL2Spec() }

func (d *Datasource) Configure(raws ...interface{}) error {
	if err := config.Decode(&d.config, nil, raws...); err != nil {
		return err
	}
	if d.config.Mock == "" {
		return errors.New("the mock option is required")
	}
	return nil
}

func (d *Datasource) OutputSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{
		"foo": &hcldec.AttrSpec{Name: "foo", Type: cty.String, Required: false},
		"bar": &hcldec.AttrSpec{Name: "bar", Type: cty.String, Required: false},
	}
}

func (d *Datasource) Execute() (cty.Value, error) {
	return cty.ObjectVal(map[string]cty.Value{
		"foo": cty.StringVal("foo-" + d.config.Mock),
		"bar": cty.StringVal("bar"),
	}), nil
}
