packer {
  required_version = ">= 1.7.0"
}

variable "base_image" {
  type        = string
  default     = "debian:bookworm"
  description = "Image the build starts from."
}

variable "app_name" {
  type    = string
  default = "hello"
}

variable "packages" {
  type    = list(string)
  default = ["curl", "ca-certificates"]
}

variable "tags" {
  type = map(string)
  default = {
    team = "platform"
    env  = "ci"
  }
}

locals {
  image_name = "${var.app_name}-${formatdate("YYYYMMDD", "2026-11-22T10:00:00Z")}"
  install    = "apt-get install -y ${join(" ", var.packages)}"
  labels     = merge(var.tags, { app = var.app_name })
}

source "docker" "base" {
  image  = var.base_image
  commit = true
}

build {
  name    = "quickstart"
  sources = ["source.docker.base"]

  provisioner "shell" {
    inline = [
      "apt-get update",
      local.install,
    ]
  }

  post-processor "docker-tag" {
    repository = local.image_name
    tags       = ["latest"]
  }
}
