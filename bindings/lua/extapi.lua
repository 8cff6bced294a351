--- extapi: libextapi for Lua 5.4.
--
--   local extapi = require "extapi"
--   local s <close> = assert(extapi.Session{profile = "xmc", base_url = url, ...})
--   local result, err, e = s:graphql("{ network { devices { ip } } }")
--   if not result then print(err, e.code, e.status) end
--
-- Lua's convention throughout: success returns the result (a table, or the
-- JSON text for a session made with {decode = false}); failure returns nil,
-- a message ("code: message") and an error table, so assert(...) works.
-- A successful result is decoded on first read of a field other than ok
-- (so a call whose result is only tested costs no decoding); decoded results
-- have integers as integers and, in the library's own fields, JSON null as
-- nil; extapi.json gives the exact text back.  The
-- session is freed by close, a <close> variable's scope, or the collector.
local core = require "extapi.core"

local ok_cjson, cjson = pcall(require, "cjson")

local extapi = {}

--- The library version, "MAJOR.MINOR.PATCH".
function extapi.version()
  return core.version()
end

--- The error codes (e.code) of extapi.h: extapi.codes.AUTH_FAILED is
-- "auth_failed", and so on for each of its EXT_ERR_* constants.
extapi.codes = {}
for name, value in pairs(core) do
  local code = type(name) == "string" and name:match("^EXT_ERR_(.+)$")
  if code then extapi.codes[code] = value end
end

--- A cancel handle: cancel:fire() makes every call given it (options.cancel)
-- return nil, "cancelled: ...".  A call started with a fired handle sends
-- nothing.  Plain Lua cannot run code while a call blocks, so firing during
-- a call needs a host thread (a C host, or a threads library sharing the
-- handle); for a time budget in plain Lua use options.deadline_ms.
function extapi.Cancel()
  return core.Cancel()
end

-- Decoded results and the text they were decoded from, for extapi.json.
-- Weak keys and values: an entry goes with its table, and the text, a
-- string, is never cleared from a weak table (strings are values, Lua 5.4
-- manual 2.5.4), so it lives as long as its table; a table weak in both
-- is one the collector need not traverse, as it would one with weak keys
-- alone (an ephemeron table), at every cycle.
local texts = setmetatable({}, {__mode = "kv"})

local EXACT = 2 ^ 53  -- below it an integral float is the integer that was sent

-- lua-cjson decodes every number as a float: make integral ones integers
-- again (200, not 200.0), in place, throughout the document.
local function integers(t)
  for k, v in pairs(t) do
    if type(v) == "number" then
      if v > -EXACT and v < EXACT then t[k] = math.tointeger(v) or v end
    elseif type(v) == "table" then
      integers(v)
    end
  end
end

local function drop_nulls(t)
  if type(t) ~= "table" then return end
  for k, v in pairs(t) do if v == cjson.null then t[k] = nil end end
end

-- The library's own objects, whose nulls become nil.  "data" and
-- error.errors are the server's: there a null stays cjson.null, since a nil
-- would cut an array short.
local OWN = {"error", "token", "rate_limit", "config_error"}

-- The document decoded as extapi.decode does, not registered in texts.
local function decoded_table(document)
  local decoded = cjson.decode(document)
  if type(decoded) ~= "table" then return decoded end
  integers(decoded)
  drop_nulls(decoded)
  for _, name in ipairs(OWN) do drop_nulls(decoded[name]) end
  for _, exchange in ipairs(type(decoded.exchanges) == "table" and decoded.exchanges or {}) do
    drop_nulls(exchange)
  end
  return decoded
end

--- A result document (string) as a Lua table; needs lua-cjson.  Integral
-- numbers below 2^53 are integers, larger ones floats (rounded: an id of
-- 9007199254740993 reads 9007199254740992; extapi.json(result, "data.id")
-- has it as sent).  Nulls in the top-level fields and in error, token,
-- rate_limit, config_error and each of exchanges are nil.
function extapi.decode(document)
  if not ok_cjson then error("extapi.decode needs lua-cjson", 2) end
  local decoded = decoded_table(document)
  if type(decoded) == "table" then texts[decoded] = document end
  return decoded
end

-- A successful result, decoded when first read.  A call returns {ok = true}
-- with this metatable: the first read of any other field (or pairs, or a
-- write) decodes the whole document into the table, as extapi.decode
-- would, and drops the metatable, leaving a plain table.  A caller that
-- only tests the result (if result then, assert) pays for no decoding.
local Lazy = {}

local function materialize(t)
  setmetatable(t, nil)
  for k, v in pairs(decoded_table(texts[t])) do rawset(t, k, v) end
  return t
end

function Lazy.__index(t, k) return rawget(materialize(t), k) end
function Lazy.__newindex(t, k, v) rawset(materialize(t), k, v) end
function Lazy.__pairs(t) return next, materialize(t), nil end
function Lazy.__len(t) return rawlen(materialize(t)) end

--- Decodes a result of a session now (a lazy one is decoded when first
-- read; raw accesses such as next, rawget or cjson.encode see only its ok
-- before that) and returns it; any other value is returned as it is.
function extapi.decoded(result)
  if getmetatable(result) == Lazy then materialize(result) end
  return result
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


-- A JSON string value's text without cjson: enough for a code or message.
local function unquote(text)
  if not text or text:sub(1, 1) ~= '"' then return text end
  local escapes = {n = "\n", t = "\t", r = "\r", b = "\b", f = "\f"}
  return (text:sub(2, -2):gsub("\\(.)", function(c) return escapes[c] or c end))
end

local Failure = {__tostring = function(e) return e.code .. ": " .. tostring(e.message) end}

--- The error table of a failed result: every member of its "error" (code,
-- message, key, oauth, errors, ...) plus status and the whole result.
local function failure(result)
  local e = {}
  if type(result) == "table" then
    for k, v in pairs(result.error or {}) do e[k] = v end
    e.status = result.status
  else  -- JSON text and no cjson
    e.code = unquote(extapi.json(result, "error.code"))
    e.message = unquote(extapi.json(result, "error.message"))
    e.status = math.tointeger(tonumber(extapi.json(result, "status") or ""))
  end
  e.code = e.code or "internal"
  e.message = e.message or e.code
  e.result = result
  return nil, e.code .. ": " .. e.message, setmetatable(e, Failure)
end

local function encode(value, what)
  if type(value) ~= "table" then return value end
  if not ok_cjson then error(what .. " as a table needs lua-cjson; pass JSON text", 3) end
  return cjson.encode(value)
end

-- Per-call options: a table (its "cancel" is the Cancel, the rest is sent
-- as options_json) or JSON text.
local function call_options(options)
  if type(options) ~= "table" then return options, nil end
  local rest, cancel = {}, options.cancel
  for k, v in pairs(options) do if k ~= "cancel" then rest[k] = v end end
  if next(rest) == nil then return nil, cancel end
  return encode(rest, "options"), cancel
end

local Session = {}
Session.__index = Session

-- The core's session methods, which every handle shares, looked up once
-- from the first handle made: handle:graphql_ex(...) would have SWIG's
-- __index find the name again on every call.
local native = {}
local function find_native(handle)
  for _, name in ipairs({"close", "login_ex", "graphql_ex", "request_ex", "token_refresh", "logout", "info"}) do
    native[name] = handle[name]
  end
end

local find = string.find
local OK = '{"ok":true'  -- how every successful document starts (results-and-errors.md)

-- A call's document as the call's return values: ok is decided from the
-- document's first bytes (found at 1, without making a string of them), a
-- success is returned undecoded (a lazy table, or the text itself), a
-- failure (rare) is decoded at once for its error.
local function outcome(self, document)
  if find(document, OK, 1, true) == 1 or extapi.json(document, "ok") == "true" then
    if not self.decode then return document end
    local result = setmetatable({ok = true}, Lazy)
    texts[result] = document
    return result
  end
  return failure(ok_cjson and extapi.decode(document) or document)
end

--- Obtains a token now.  options: deadline_ms, cancel.
function Session:login(options)
  return outcome(self, native.login_ex(self.core, call_options(options)))
end

--- Runs a GraphQL query.  variables: a table or JSON text; options:
-- deadline_ms, headers, query, operation_name, cancel.
function Session:graphql(query, variables, options)
  -- The helpers only for arguments given (here and in request): calling
  -- them for nil was a fifth of the binding's own work per call.
  local options_json, cancel
  if options ~= nil then options_json, cancel = call_options(options) end
  if variables ~= nil then variables = encode(variables, "variables") end
  return outcome(self, native.graphql_ex(self.core, query, variables, options_json, cancel))
end

--- Makes a REST call.  body: a table or JSON text (any text with
-- options.content_type); options: deadline_ms, headers, query,
-- content_type, response ("json", "text", "base64"), cancel.
function Session:request(method, path, body, options)
  local options_json, cancel
  if options ~= nil then options_json, cancel = call_options(options) end
  if body ~= nil then body = encode(body, "body") end
  return outcome(self, native.request_ex(self.core, method, path, body, options_json, cancel))
end

function Session:token_refresh() return outcome(self, native.token_refresh(self.core)) end
function Session:logout() return outcome(self, native.logout(self.core)) end
function Session:info() return outcome(self, native.info(self.core)) end

--- Frees the native session now (also done by <close> and the collector);
-- later calls fail with invalid_argument.
function Session:close()
  native.close(self.core)
end
Session.__close = Session.close

--- Creates a session from a configuration table or JSON string.  An
-- invalid configuration returns nil, "invalid_config: ...", error table
-- (its key names the offending key); options.validate = false accepts it
-- instead, giving a session whose calls answer invalid_config and whose
-- info() says why.  options.decode = false makes every method return JSON
-- text instead of tables (the default without cjson).
function extapi.Session(config, options)
  local decode = ok_cjson
  if options ~= nil and options.decode ~= nil then decode = options.decode == true end
  if decode and not ok_cjson then error("decode = true needs lua-cjson", 2) end
  local self = setmetatable({decode = decode}, Session)
  self.core = core.Session(encode(config, "a configuration"))
  if next(native) == nil then find_native(self.core) end
  -- Never blocks: with a config error every call answers it at once.
  local validate = options == nil or options.validate ~= false
  if validate and extapi.json(native.info(self.core), "config_error") ~= "null" then
    local _, message, e = outcome(self, native.login_ex(self.core, nil, nil))
    self:close()
    return nil, message, e
  end
  return self
end

return extapi
