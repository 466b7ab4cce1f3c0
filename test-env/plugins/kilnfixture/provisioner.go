package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/common"
	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
	"github.com/hashicorp/packer-plugin-sdk/template/config"
	"github.com/hashicorp/packer-plugin-sdk/template/interpolate"
	"github.com/zclconf/go-cty/cty"
)

// The provisioner uses every method of the communicator Packer core (here Kiln) serves it: a
// command with its stdin, output and exit status, an upload (with a file mode), a download, and a
// directory upload; each checked, so that a wrong byte fails the build with a message saying so.
type ProvisionerConfig struct {
	common.PackerConfig `mapstructure:",squash"`
	Greeting            string `mapstructure:"greeting"`
	Command             string `mapstructure:"command"`
	Stdin               string `mapstructure:"stdin"`
	ExpectStdout        string `mapstructure:"expect_stdout"`
	ExpectExit          int    `mapstructure:"expect_exit"`
	UploadContent       string `mapstructure:"upload_content"`
	UploadPath          string `mapstructure:"upload_path"`
	UploadMode          int    `mapstructure:"upload_mode"`
	DownloadPath        string `mapstructure:"download_path"`
	DownloadTo          string `mapstructure:"download_to"`
	UploadDirSource     string `mapstructure:"upload_dir_source"`
	UploadDirDest       string `mapstructure:"upload_dir_destination"`
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
	Stdin               *string           `cty:"stdin" hcl:"stdin"`
	ExpectStdout        *string           `cty:"expect_stdout" hcl:"expect_stdout"`
	ExpectExit          *int              `cty:"expect_exit" hcl:"expect_exit"`
	UploadContent       *string           `cty:"upload_content" hcl:"upload_content"`
	UploadPath          *string           `cty:"upload_path" hcl:"upload_path"`
	UploadMode          *int              `cty:"upload_mode" hcl:"upload_mode"`
	DownloadPath        *string           `cty:"download_path" hcl:"download_path"`
	DownloadTo          *string           `cty:"download_to" hcl:"download_to"`
	UploadDirSource     *string           `cty:"upload_dir_source" hcl:"upload_dir_source"`
	UploadDirDest       *string           `cty:"upload_dir_destination" hcl:"upload_dir_destination"`
}

func (*ProvisionerConfig) FlatMapstructure() interface{ HCL2Spec() map[string]hcldec.Spec } {
	return new(FlatProvisionerConfig)
}

// greeting is Required in the spec itself, so Packer core's hcldec reports it missing (packer-sdc
// never writes such specs; hand-written ones may).
func (*FlatProvisionerConfig) HCL2Spec() map[string]hcldec.Spec {
	spec := map[string]hcldec.Spec{
		"greeting": &hcldec.AttrSpec{Name: "greeting", Type: cty.String, Required: true},
	}
	for _, name := range []string{"command", "stdin", "expect_stdout", "upload_content", "upload_path",
		"download_path", "download_to", "upload_dir_source", "upload_dir_destination"} {
		spec[name] = &hcldec.AttrSpec{Name: name, Type: cty.String, Required: false}
	}
	for _, name := range []string{"expect_exit", "upload_mode"} {
		spec[name] = &hcldec.AttrSpec{Name: name, Type: cty.Number, Required: false}
	}
	return packerSpec(spec)
}

type Provisioner struct{ config ProvisionerConfig }

func (p *Provisioner) ConfigSpec() hcldec.ObjectSpec { return p.config.FlatMapstructure().HCL2Spec() }

func (p *Provisioner) Prepare(raws ...interface{}) error {
	return config.Decode(&p.config, &config.DecodeOpts{PluginType: "kilnfixture-my-provisioner", Interpolate: true, InterpolateContext: &p.config.ctx}, raws...)
}

func (p *Provisioner) Provision(ctx context.Context, ui packersdk.Ui, comm packersdk.Communicator, data map[string]interface{}) error {
	c := p.config
	ui.Say(fmt.Sprintf("my-provisioner: %s (MockData=%v, ConnType=%v)", c.Greeting, data["MockData"], data["ConnType"]))
	if c.UploadPath != "" {
		mode := os.FileMode(0644)
		if c.UploadMode != 0 {
			mode = os.FileMode(c.UploadMode)
		}
		fi := fileInfo{name: path.Base(c.UploadPath), size: int64(len(c.UploadContent)), mode: mode}
		var info os.FileInfo = fi
		if err := comm.Upload(c.UploadPath, strings.NewReader(c.UploadContent), &info); err != nil {
			return fmt.Errorf("upload to %s: %s", c.UploadPath, err)
		}
		ui.Say(fmt.Sprintf("my-provisioner: uploaded %d bytes to %s", len(c.UploadContent), c.UploadPath))
	}
	if c.UploadDirSource != "" {
		if err := comm.UploadDir(c.UploadDirDest, c.UploadDirSource, nil); err != nil {
			return fmt.Errorf("upload directory %s: %s", c.UploadDirSource, err)
		}
		ui.Say(fmt.Sprintf("my-provisioner: uploaded directory %s to %s", c.UploadDirSource, c.UploadDirDest))
	}
	if c.Command != "" {
		var stdout bytes.Buffer
		cmd := &packersdk.RemoteCmd{Command: c.Command, Stdout: &stdout}
		if c.Stdin != "" {
			cmd.Stdin = strings.NewReader(c.Stdin)
		}
		if err := cmd.RunWithUi(ctx, comm, ui); err != nil {
			return err
		}
		if cmd.ExitStatus() != c.ExpectExit {
			return fmt.Errorf("command %q exited with status %d", c.Command, cmd.ExitStatus())
		}
		if c.ExpectStdout != "" && stdout.String() != c.ExpectStdout {
			return fmt.Errorf("command %q printed %q, expected %q", c.Command, stdout.String(), c.ExpectStdout)
		}
		ui.Say(fmt.Sprintf("my-provisioner: command exited with status %d as expected", cmd.ExitStatus()))
	}
	if c.DownloadPath != "" {
		var buf bytes.Buffer
		if err := comm.Download(c.DownloadPath, &buf); err != nil {
			return fmt.Errorf("download of %s: %s", c.DownloadPath, err)
		}
		if err := os.WriteFile(c.DownloadTo, buf.Bytes(), 0644); err != nil {
			return err
		}
		ui.Say(fmt.Sprintf("my-provisioner: downloaded %d bytes from %s", buf.Len(), c.DownloadPath))
	}
	return nil
}

// A file's description for Upload, as the SDK's own callers pass one (rpc.NewFileInfo sends it).
type fileInfo struct {
	name string
	size int64
	mode os.FileMode
}

func (f fileInfo) Name() string       { return f.name }
func (f fileInfo) Size() int64        { return f.size }
func (f fileInfo) Mode() os.FileMode  { return f.mode }
func (f fileInfo) ModTime() time.Time { return time.Unix(0, 0) }
func (f fileInfo) IsDir() bool        { return false }
func (f fileInfo) Sys() interface{}   { return nil }
