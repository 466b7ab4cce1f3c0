packer {
  required_version = ">= 1.7.0"
}

variable "base_image" {
  type        = string
  default     = "debian:bookworm-slim"
  description = "Image the build starts from. Offline, use an image you already have (-var base_image=...)."
}

variable "app_name" {
  type    = string
  default = "hello"
}

variable "greeting" {
  type    = string
  default = "Hello from Kiln"
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
  image_name = "kiln-quickstart/${var.app_name}"
  install    = "apt-get install -y ${join(" ", var.packages)}"
  labels     = merge(var.tags, { app = var.app_name })
}

source "docker" "base" {
  image  = var.base_image
  pull   = false
  commit = true
  changes = [
    "ENV APP_NAME=${var.app_name}",
    "LABEL team=${local.labels.team} app=${local.labels.app}",
    "ENTRYPOINT [\"/bin/sh\", \"-c\"]",
    "CMD [\"cat /opt/app/greeting.txt\"]",
  ]
}

build {
  name    = "quickstart"
  sources = ["source.docker.base"]

  provisioner "shell" {
    environment_vars = ["GREETING=${var.greeting}"]
    inline = [
      "mkdir -p /opt/app",
      "echo \"$GREETING ($PACKER_BUILD_NAME on $PACKER_BUILDER_TYPE)\" > /opt/app/greeting.txt",
    ]
  }

  provisioner "file" {
    source      = "${path.root}/site/"
    destination = "/opt/app"
  }

  # One chain: tag the committed image, then record the tagged image in a manifest.
  post-processors {
    post-processor "docker-tag" {
      repository = local.image_name
      tags       = ["latest"]
    }
    post-processor "manifest" {
      output     = "${path.root}/manifest.json"
      strip_path = true
      custom_data = {
        greeting = var.greeting
      }
    }
  }
}
