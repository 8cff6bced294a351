#!/bin/sh
# run.sh SOURCE_DIR WORK_DIR SECONDS
# Builds the library and fuzz_config with clang's libFuzzer and
# AddressSanitizer, then fuzzes for SECONDS from a small seed corpus.
set -eu
source=$1 work=$2 seconds=$3
mkdir -p "$work/objects" "$work/corpus"
for f in "$source"/src/*.cpp; do
  clang++-14 -std=c++17 -g -O1 -fsanitize=address,fuzzer-no-link -DEXTAPI_BUILDING \
    -I"$source/include" -I/usr/include/cjson -c "$f" -o "$work/objects/$(basename "$f").o"
done
clang-14 -g -O1 -fsanitize=address,fuzzer -I"$source/include" "$source/tests/fuzz/fuzz_config.c" \
  "$work"/objects/*.o -lcurl -lcjson -lcrypto -lstdc++ -lpthread -o "$work/fuzz_config"
cp "$source"/tests/fuzz/seeds/* "$work/corpus/"
"$work/fuzz_config" -max_total_time="$seconds" -max_len=1024 "$work/corpus"
