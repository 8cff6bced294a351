#!/bin/sh
# install.sh BUILD_DIR WORK_DIR GO CMAKE
# Installs the project from BUILD_DIR into WORK_DIR/prefix, then builds and
# runs a consumer of the installed package twice: in GOPATH mode with
# GOPATH=<prefix>/share/gocode (Debian's arrangement for golang-*-dev
# packages), and in module mode with a replace directive.  cgo finds the
# installed library through its extapi.pc only.
set -eu
build=$1
work=$2
go=$3
cmake=$4
rm -rf "$work"
mkdir -p "$work/gopath-consumer" "$work/module-consumer"
"$cmake" --install "$build" --prefix "$work/prefix" > /dev/null

gocode=$(find "$work/prefix" -type d -path '*/gocode/src' | sed 's#/src$##')
pcfile=$(find "$work/prefix" -name extapi.pc)
libdir=$(dirname "$(dirname "$pcfile")")
test -f "$gocode/src/extapi/extapi_wrap.c"

cat > "$work/consumer.go" <<'GO'
package main

import (
	"errors"
	"fmt"

	"extapi"
)

func main() {
	_, err := extapi.NewClient(`{"profile": "nope"}`)
	var failure *extapi.Error
	if !errors.As(err, &failure) || failure.Code != "invalid_config" {
		panic(fmt.Sprintf("want invalid_config, got %v", err))
	}
	fmt.Printf("extapi %s: %v\n", extapi.Version(), err)
}
GO
cp "$work/consumer.go" "$work/gopath-consumer/main.go"
cp "$work/consumer.go" "$work/module-consumer/main.go"
cat > "$work/module-consumer/go.mod" <<MOD
module consumer

go 1.19

require extapi v0.0.0

replace extapi => $gocode/src/extapi
MOD

# Only the installed files may be used: no build-tree pkg-config file.
export PKG_CONFIG_PATH="$(dirname "$pcfile")"
export LD_LIBRARY_PATH="$libdir"
(cd "$work/gopath-consumer" && GO111MODULE=off GOPATH="$gocode" "$go" run .)
(cd "$work/module-consumer" && GO111MODULE=on "$go" run .)
