/* Lua entry file: the C core of the Lua module, `extapi_core`; the pure-Lua
 * module `extapi` (extapi.lua) is what users require. */
%module extapi_core

%rename(close) Session::Close;
%rename(login) Session::Login;
%rename(graphql) Session::GraphQL;
%rename(request) Session::Request;
%rename(token_refresh) Session::TokenRefresh;
%rename(logout) Session::Logout;
%rename(info) Session::Info;
%rename(version) Version;

%include "extapi.i"
