--- extapi: libextapi for Lua 5.4.
--
--   local extapi = require "extapi"
--   local s <close> = extapi.Session{profile = "xmc", base_url = url, ...}
--   print(s:graphql("{ network { devices { ip } } }"))   -- a JSON string
--
-- Every method returns the library's JSON result document as a string, or,
-- for a session created with `{decode = true}` as second argument (or
-- through extapi.decode), as a Lua table.  The session is freed by `close`,
-- by leaving the scope of a `<close>` variable, or by the garbage collector;
-- after close every call answers the invalid_argument document.
local core = require "extapi_core"

local ok_cjson, cjson = pcall(require, "cjson")

local extapi = {}

--- The library version, "MAJOR.MINOR.PATCH".
function extapi.version()
  return core.version()
end

--- A result document (string) as a Lua table; needs lua-cjson.
function extapi.decode(document)
  if not ok_cjson then error("extapi.decode needs lua-cjson", 2) end
  return cjson.decode(document)
end

local function encode_config(config)
  if type(config) ~= "table" then return config end
  if not ok_cjson then error("a table configuration needs lua-cjson; pass a JSON string", 3) end
  return cjson.encode(config)
end

-- JSON arguments may be given as tables (encoded here) or as JSON text.
local function json_argument(value)
  if type(value) == "table" then return encode_config(value) end
  return value
end

local Session = {}
Session.__index = Session

local function result(self, document)
  if self.decode then return extapi.decode(document) end
  return document
end

function Session:login() return result(self, self.core:login()) end
function Session:graphql(query, variables)
  return result(self, self.core:graphql(query, json_argument(variables)))
end
function Session:request(method, path, body)
  return result(self, self.core:request(method, path, json_argument(body)))
end
function Session:token_refresh() return result(self, self.core:token_refresh()) end
function Session:logout() return result(self, self.core:logout()) end
function Session:info() return result(self, self.core:info()) end

--- Frees the native session now (also done by <close> and the collector).
function Session:close()
  self.core:close()
end
Session.__close = Session.close

--- Creates a session from a configuration table or JSON string.  A bad
-- configuration gives a session whose calls answer invalid_config.
-- options.decode = true makes every method return a Lua table.
function extapi.Session(config, options)
  local self = setmetatable({}, Session)
  self.core = core.Session(encode_config(config))
  self.decode = options ~= nil and options.decode == true
  return self
end

return extapi
