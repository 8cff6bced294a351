--- extapi: libextapi for Lua 5.4.
--
--   local extapi = require "extapi"
--   local s <close> = extapi.Session{profile = "xmc", base_url = url, ...}
--   print(s:graphql("{ network { devices { ip } } }"))   -- a JSON string
--
-- Every method returns the library's JSON result document as a string, or,
-- for a session created with `{decode = true}` as second argument (or
-- through extapi.decode), as a Lua table; extapi.json gives a table's text
-- back, or the exact text of one value in it.  The session is freed by `close`,
-- by leaving the scope of a `<close>` variable, or by the garbage collector;
-- after close every call answers the invalid_argument document.
local core = require "extapi_core"

local ok_cjson, cjson = pcall(require, "cjson")

local extapi = {}

--- The library version, "MAJOR.MINOR.PATCH".
function extapi.version()
  return core.version()
end

-- Decoded results and the text they were decoded from, for extapi.json.
local texts = setmetatable({}, {__mode = "k"})

--- A result document (string) as a Lua table; needs lua-cjson.  Its
-- numbers are floats: an id beyond 2^53 (9007199254740993) comes out
-- rounded; extapi.json(result, "data.id") has it as sent.
function extapi.decode(document)
  if not ok_cjson then error("extapi.decode needs lua-cjson", 2) end
  local decoded = cjson.decode(document)
  if type(decoded) == "table" then texts[decoded] = document end
  return decoded
end

local function skip_space(text, i) return text:find("[^ \t\r\n]", i) end

local value_end

-- Calls visit(key, i) for each member (key: its name) or item (key: its
-- index from 0) of the object or array at position i, where i is the
-- value's first position; stops when visit returns true.  Returns the
-- position of the closing bracket, nil when stopped or not JSON.
local function each(text, i, visit)
  local object = text:sub(i, i) == "{"
  local close = object and "}" or "]"
  local j = skip_space(text, i + 1)
  if j and text:sub(j, j) == close then return j end
  local index = 0
  while j do
    local key = index
    if object then
      local last = text:sub(j, j) == '"' and value_end(text, j)
      if not last then return nil end
      key = text:sub(j + 1, last - 1)
      if key:find("\\", 1, true) and ok_cjson then key = cjson.decode(text:sub(j, last)) end
      j = skip_space(text, last + 1)
      if not j or text:sub(j, j) ~= ":" then return nil end
      j = skip_space(text, j + 1)
    end
    if not j or visit(key, j) then return nil end
    local last = value_end(text, j)
    j = last and skip_space(text, last + 1)
    if not j then return nil end
    local separator = text:sub(j, j)
    if separator == close then return j end
    if separator ~= "," then return nil end
    j, index = skip_space(text, j + 1), index + 1
  end
end

-- The last position of the JSON value starting at position i.
function value_end(text, i)
  local first = text:sub(i, i)
  if first == "{" or first == "[" then return each(text, i, function() end) end
  if first ~= '"' then return select(2, text:find("^[%w.+-]+", i)) end
  local from = i + 1
  while true do
    local at = text:find('["\\]', from)
    if not at or text:sub(at, at) == '"' then return at end
    from = at + 2  -- past an escape
  end
end

--- The JSON text of a result (a document string or a table from
-- extapi.decode or a decoding session), exactly as the library returned
-- it; with a dotted path ("data.devices.0.id": names select members,
-- numbers index arrays from 0, as in the library's documentation), the
-- text of that value, or nil when there is none.
-- tonumber(extapi.json(result, "data.id")) is then an exact integer.
function extapi.json(result, path)
  local text = type(result) == "table" and texts[result] or result
  if type(text) ~= "string" then error("extapi.json: not a result document", 2) end
  if path == nil then return text end
  local i = skip_space(text, 1)
  for segment in path:gmatch("[^.]+") do
    local first = i and text:sub(i, i)
    if first ~= "{" and first ~= "[" then return nil end
    local want = first == "[" and math.tointeger(tonumber(segment)) or segment
    local found
    each(text, i, function(key, at)
      if key == want then found = at return true end
    end)
    i = found
  end
  local last = i and value_end(text, i)
  return last and text:sub(i, last)
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
