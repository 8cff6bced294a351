// Prints the configuration keys the engine accepts, one a line: what
// tests/check_config_keys.py (config_keys_agree) compares the docs' and
// the bindings' lists with.
#include <cstdio>

#include "config.hpp"

int main() {
    for (const char *name : extapi::config_key_names()) std::puts(name);
    return 0;
}
