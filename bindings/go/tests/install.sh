#!/bin/sh
# install.sh BUILD_DIR WORK_DIR GO CMAKE MODULE_DIR
# Installs the project from BUILD_DIR into WORK_DIR/prefix, then fetches the
# module github.com/libextapi/extapi-go the way a user does without a proxy
# (GOPROXY=off, GOFLAGS=-mod=mod): a throwaway consumer module that
# requires it and replaces it with a local path, once the installed copy
# (<prefix>/share/gocode/src/...) and once the source checkout MODULE_DIR.
# Each consumer is built and run against the installed library, found
# through the installed extapi.pc only.  Then the consumer must not be able
# to import the SWIG layer (internal/native).
set -eu
build=$1
work=$2
go=$3
cmake=$4
module_dir=$5
module=github.com/libextapi/extapi-go
rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build" --prefix "$work/prefix" > /dev/null

installed=$(find "$work/prefix" -type d -path "*/gocode/src/$module")
pcfile=$(find "$work/prefix" -name extapi.pc)
libdir=$(dirname "$(dirname "$pcfile")")
test -f "$installed/internal/native/extapi_wrap.c"

# Only the installed files may be used: no build-tree pkg-config file, no
# build-tree library.
export PKG_CONFIG_PATH="$(dirname "$pcfile")"
export LD_LIBRARY_PATH="$libdir"
export GOFLAGS=-mod=mod GOPROXY=off GO111MODULE=on

consumer() { # NAME REPLACEMENT
  dir="$work/$1"
  mkdir -p "$dir"
  cat > "$dir/go.mod" <<MOD
module example.com/consumer

go 1.19

require $module v1.1.0

replace $module => $2
MOD
  cat > "$dir/main.go" <<'GO'
package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/libextapi/extapi-go"
)

func main() {
	_, err := extapi.NewClient(extapi.Config{Profile: "nope", BaseURL: "http://127.0.0.1:1"})
	if !errors.Is(err, extapi.ErrInvalidConfig) {
		panic(fmt.Sprintf("want invalid_config, got %v", err))
	}
	client, err := extapi.NewClient(extapi.Config{Profile: extapi.ProfileBearer,
		BaseURL: "http://127.0.0.1:9", TokenEnv: "CONSUMER_TOKEN"})
	if err != nil {
		panic(err)
	}
	defer client.Close()
	// An expired context: the call is cancelled, nothing is sent.
	ctx, cancel := context.WithTimeout(context.Background(), -time.Second)
	defer cancel()
	_, err = client.Request(ctx, "GET", "/x", nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		panic(fmt.Sprintf("want DeadlineExceeded, got %v", err))
	}
	fmt.Printf("extapi %s: invalid config rejected, expired context honoured\n", extapi.Version())
}
GO
  (cd "$dir" && CONSUMER_TOKEN=consumer-token "$go" run .)
}
consumer installed "$installed"
consumer checkout "$module_dir"

# The SWIG layer stays unreachable from a user's code.
mkdir -p "$work/internal-user"
cp "$work/installed/go.mod" "$work/internal-user/go.mod"
cat > "$work/internal-user/main.go" <<'GO'
package main

import "github.com/libextapi/extapi-go/internal/native"

func main() { native.NewSession("{}").Info() }
GO
if (cd "$work/internal-user" && "$go" build . 2> "$work/internal-user/err"); then
  echo "a consumer could import internal/native" >&2
  exit 1
fi
grep -q 'use of internal package' "$work/internal-user/err"
echo "internal/native is not importable, as intended"
