#!/bin/sh
# cli_fresh_clone: clones the repository's HEAD into a temporary directory
# and runs the README's first command there (the first ```sh block of
# README.md, read from the clone), as a new user would; then checks what
# each step of it should have produced.  Usage: fresh_clone.sh SOURCE_DIR
set -u
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/log" ] && tail -n 40 "$tmp/log"; exit 1; }

git clone --quiet "$src" "$tmp/repo" || fail "git clone $src"
cd "$tmp/repo"
# The first command as the README shows it.
awk '/^```sh$/ {inside=1; next} inside && /^```$/ {exit} inside {print}' README.md > "$tmp/first.sh"
[ -s "$tmp/first.sh" ] || fail "README.md has no \`\`\`sh block"
echo "README's first command:"; cat "$tmp/first.sh"
start=$(date +%s)
sh -e "$tmp/first.sh" > "$tmp/log" 2>&1 || fail "the first command exited $?"
echo "took $(( $(date +%s) - start )) s"

# The library, header, pkg-config file and tool were installed.
for f in libextapi.so.1 libextapi.a extapi.pc extapi.h extapi extapi.1.gz; do
  [ -n "$(find build/prefix -name "$f" | head -n 1)" ] || fail "build/prefix lacks $f"
done
# examples/demo.c was built with pkg-config and every step succeeded.
[ -x build/demo ] || fail "build/demo was not built"
for step in login graphql request token_refresh logout session_info; do
  grep -q "^$step  *{\"ok\":true" "$tmp/log" || fail "demo.c step $step did not succeed"
done
# extapi demo ran every step, the listing over all three XIQ pages.
for step in "== login" "== graphql" "== get /devices --all" "== refresh" "== logout" \
            '"pages":3' '"style":"xiq"' "every step succeeded"; do
  grep -qF "$step" "$tmp/log" || fail "extapi demo output lacks: $step"
done
grep -q '"hostname":"dev-25"' "$tmp/log" || fail "the paged listing lacks the last device"
echo "PASS"
