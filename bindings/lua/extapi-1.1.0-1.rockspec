-- LuaRocks package of the Lua binding, built from a libextapi checkout:
--   cd bindings/lua && luarocks --lua-version 5.4 make EXTAPI_DIR=/usr/local
-- (EXTAPI_DIR is the prefix libextapi was installed to, e.g.
-- $(pkg-config --variable=prefix extapi); EXTAPI_INCDIR / EXTAPI_LIBDIR
-- override its include/ and lib/).  Needs swig: the C core is generated
-- from the shared ../swig/extapi.i, so the build type is "command".
rockspec_format = "3.0"
package = "extapi"
version = "1.1.0-1"  -- the library's version (tests/test_install.sh checks)
source = {
  url = "git+file:///libextapi",  -- no public repository: use luarocks make
}
description = {
  summary = "libextapi for Lua 5.4: ExtremeCloud IQ, XMC GraphQL and OAuth 2.0 APIs",
  detailed = "Sessions that hold the token, renew it and redact secrets; results as Lua tables.",
  license = "proprietary",
}
dependencies = {
  "lua >= 5.4",
}
external_dependencies = {
  EXTAPI = { header = "extapi.h", library = "extapi" },
}
build = {
  type = "command",
  -- Not linked against liblua: the interpreter that loads the module
  -- provides lua_*.  The rpath finds libextapi under a non-default prefix.
  build_command = [[
swig -lua -nomoduleglobal -I../swig -I"$(EXTAPI_INCDIR)" -o extapi_lua_wrap.c extapi_lua.i &&
$(CC) $(CFLAGS) -I"$(LUA_INCDIR)" -I"$(EXTAPI_INCDIR)" $(LIBFLAG) -o core.so extapi_lua_wrap.c \
  -L"$(EXTAPI_LIBDIR)" -Wl,-rpath,"$(EXTAPI_LIBDIR)" -lextapi
]],
  install = {
    lua = { extapi = "extapi.lua" },
    lib = { ["extapi.core"] = "core.so" },
  },
}
