/* Lua entry file: the C core of the Lua module, loaded as
 * require "extapi.core" from extapi/core.so.  Lua derives the entry point
 * from the name, extapi.core -> luaopen_extapi_core, hence the module name
 * below.  Generate with `swig -lua -nomoduleglobal` so that require leaves
 * no global behind.  Users require the pure-Lua front "extapi" instead. */
%module extapi_core

%rename(close) Session::Close;
%rename(login) Session::Login;
%rename(graphql) Session::GraphQL;
%rename(request) Session::Request;
%rename(login_ex) Session::LoginEx;
%rename(graphql_ex) Session::GraphQLEx;
%rename(request_ex) Session::RequestEx;
%rename(token_refresh) Session::TokenRefresh;
%rename(logout) Session::Logout;
%rename(info) Session::Info;
%rename(fire) Cancel::Fire;
%rename(version) Version;

%include "extapi.i"

/* SWIG's runtime adds two helper globals even with -nomoduleglobal; a Lua
 * module must not touch _G, so take them out again (nothing uses them). */
%init %{
  lua_pushnil(L);
  lua_setglobal(L, "swig_type");
  lua_pushnil(L);
  lua_setglobal(L, "swig_equals");
%}
