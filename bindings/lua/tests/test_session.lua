--- The Lua session: each call, decoding, bad configs, close / <close> /
-- __gc, and a 10,000-call loop that must not leak the returned strings.
local extapi = require "extapi"
local h = require "harness"
local cjson = h.json

h.test("login_graphql_request_refresh_logout", function()
  h.reset()
  local s <close> = assert(extapi.Session(h.xmc_config()))
  local login = assert(s:login())
  h.check(login.ok and login.token.type == "Bearer", "login: %s", extapi.json(login))
  local q = assert(s:graphql("query($site: String) { network { devices { ip } } }", {site = "/World"}))
  h.check(q.data.network.devices[1].ip == "10.0.0.1", "graphql: %s", extapi.json(q))
  h.check(q.data.variables.site == "/World", "variables were not sent")
  local r = assert(s:request("POST", "/api/things", {name = "x"}))
  h.check(r.status == 200 and r.data.method == "POST" and r.data.body.name == "x", "request: %s", extapi.json(r))
  assert(s:token_refresh())
  assert(s:logout())
  h.check(h.counter("xmc_token") == 2, "xmc_token is %d", h.counter("xmc_token"))
end)

h.test("failure_is_nil_message_error_table", function()
  h.reset()
  local s <close> = assert(extapi.Session(h.xmc_config({client_secret = "wrong-secret"})))
  local result, message, e = s:graphql("{ a }")
  h.check(result == nil, "a result on failure")
  h.check(message:match("^auth_failed: ") and e.code == "auth_failed" and e.status == 401, "%s", tostring(message))
  h.check(e.code == extapi.codes.AUTH_FAILED and extapi.codes.CANCELLED == "cancelled", "extapi.codes")
  h.check(math.type(e.status) == "integer" and tostring(e) == message, "error table")
  h.check(e.result.ok == false and extapi.json(e.result, "error.code") == '"auth_failed"', "e.result")
  local ok, raised = pcall(function() return assert(s:graphql("{ a }")) end)
  h.check(not ok and tostring(raised):find("auth_failed: ", 1, true), "assert passed on failure: %s", tostring(raised))
end)

h.test("graphql_errors_keep_partial_data", function()
  h.reset()
  local s <close> = assert(extapi.Session(h.xmc_config()))
  local result, message, e = s:graphql("{ error }")
  h.check(result == nil and e.code == "graphql" and message:match("^graphql: "), "%s", tostring(message))
  h.check(type(e.errors) == "table" and #e.errors >= 1, "errors: %s", extapi.json(e.result))
  h.check(e.result.data.partial == true, "partial data: %s", extapi.json(e.result))
end)

h.test("integers_and_nulls_in_decoded_results", function()
  h.reset()
  local s <close> = assert(extapi.Session(h.xmc_config()))
  local login = assert(s:login())
  h.check(math.type(login.token.expires_in) == "integer" and math.type(login.token.expires_at) == "integer",
          "token times: %s", extapi.json(login))
  h.check(login.token.scope == nil, "a null scope is not nil: %s", extapi.json(login))
  local q = assert(s:graphql("{ a }"))
  h.check(math.type(q.status) == "integer" and q.status == 200, "status %s", math.type(q.status))
  local info = assert(s:info())
  h.check(math.type(info.counters.requests) == "integer" and info.config_error == nil, "info: %s", extapi.json(info))
  h.check(info.exchanges[2].reason == nil and math.type(info.exchanges[2].status) == "integer", "exchange")
  -- Inside data a null stays cjson.null: a nil would cut an array short.
  h.fault({path = "/api/nulls", kind = "status", status = 200, body = '{"list":[1,null,3],"n":2.5,"z":null}'})
  local r = assert(s:request("GET", "/api/nulls"))
  h.check(#r.data.list == 3 and r.data.list[2] == cjson.null and r.data.z == cjson.null, "%s", extapi.json(r))
  h.check(math.type(r.data.list[3]) == "integer" and r.data.n == 2.5, "numbers in data")
  h.fault({path = "/api/empty", kind = "status", status = 200, body = "null"})
  h.check(assert(s:request("GET", "/api/empty")).data == nil, "a null data is not nil")
end)

h.test("results_are_decoded_on_first_read", function()
  h.reset()
  local s <close> = assert(extapi.Session(h.xmc_config()))
  assert(s:login())
  -- Undecoded until read: ok is there at once, the rest on first access.
  local q = assert(s:graphql("{ network { devices { ip } } }"))
  h.check(rawget(q, "ok") == true and rawget(q, "data") == nil and getmetatable(q) ~= nil, "not lazy")
  h.check(extapi.json(q, "status") == "200", "extapi.json of a lazy result: %s", extapi.json(q))
  h.check(q.data.network.devices[1].ip == "10.0.0.1", "data: %s", extapi.json(q))
  h.check(getmetatable(q) == nil and rawget(q, "status") == 200, "a read result is a plain table")
  h.check(q.missing == nil and extapi.json(q, "data.network.devices.0.ip") == '"10.0.0.1"', "after decoding")
  -- pairs, a write and extapi.decoded decode too; decoding once only.
  local seen = {}
  for k in pairs(assert(s:graphql("{ a }"))) do seen[k] = true end
  h.check(seen.ok and seen.status and seen.data, "pairs of a lazy result")
  local w = assert(s:graphql("{ a }"))
  w.note = "mine"
  h.check(w.note == "mine" and w.status == 200 and getmetatable(w) == nil, "a write to a lazy result")
  local d = extapi.decoded(assert(s:graphql("{ a }")))
  h.check(rawget(d, "status") == 200 and cjson.decode(cjson.encode(d)).status == 200, "extapi.decoded")
  h.check(extapi.decoded("text") == "text", "extapi.decoded of text")
  -- A failure is still decoded at once, with its error.
  local bad <close> = assert(extapi.Session(h.xmc_config({client_secret = "wrong-secret"})))
  local result, message, e = bad:graphql("{ a }")
  h.check(result == nil and message:match("^auth_failed: ") and rawget(e.result, "ok") == false, "failure")
end)

h.test("results_outlive_their_session_and_decode_once", function()
  h.reset()
  for _, mode in ipairs({"generational", "incremental"}) do
    local previous = collectgarbage(mode)
    local s = assert(extapi.Session(h.xmc_config()))
    local lazy = assert(s:graphql("{ network { devices { ip } } }"))
    local decoded = extapi.decode(extapi.json(assert(s:graphql("{ a }"))))
    s:close()
    s = nil
    -- No other reference holds the texts: they stay with their tables.
    collectgarbage("collect")
    collectgarbage("collect")
    h.check(getmetatable(lazy) ~= nil and extapi.json(lazy, "data.network.devices.0.ip") == '"10.0.0.1"',
            "%s: the text of a lazy result", mode)
    h.check(extapi.json(decoded, "status") == "200", "%s: the text of a decoded result", mode)
    local decode, decodes = cjson.decode, 0
    cjson.decode = function(...) decodes = decodes + 1 return decode(...) end
    local ok, err = pcall(function()
      h.check(lazy.data.network.devices[1].ip == "10.0.0.1" and lazy.status == 200 and #lazy == 0, "data")
      for _ in pairs(lazy) do end
      lazy.note = "mine"
    end)
    cjson.decode = decode
    assert(ok, err)
    h.check(decodes == 1, "%s: decoded %d times", mode, decodes)
    collectgarbage(previous)
  end
end)

h.test("dropped_results_do_not_keep_their_text", function()
  h.reset()
  local s <close> = assert(extapi.Session({profile = "bearer", base_url = h.url, token = "static-token"}))
  local body = cjson.encode({padding = string.rep("x", 100 * 1024)})
  collectgarbage("collect")
  local before = collectgarbage("count")
  for _ = 1, 200 do
    assert(s:request("POST", "/api/echo", body))  -- lazy
    extapi.decode(extapi.json(assert(s:request("POST", "/api/echo", body))))
  end
  collectgarbage("collect")
  local grown = collectgarbage("count") - before
  h.check(grown < 1024, "the Lua heap grew by %.0f kB over 400 dropped results of 100 kB", grown)
end)

h.test("decode_false_returns_json_text", function()
  h.reset()
  local s <close> = assert(extapi.Session(cjson.encode(h.xmc_config()), {decode = false}))
  local doc = assert(s:login())
  h.check(type(doc) == "string" and extapi.decode(doc).ok == true, "expected JSON text, got %s", type(doc))
  local bad <close> = assert(extapi.Session(h.xmc_config({client_secret = "wrong-secret"}), {decode = false}))
  local result, message, e = bad:login()
  h.check(result == nil and message:match("^auth_failed: ") and e.status == 401, "%s", tostring(message))
  h.check(type(e.result) == "table", "e.result is decoded when cjson is there")
end)

h.test("invalid_config_is_refused_at_construction", function()
  local s, message, e = extapi.Session({profile = "xmc", base_url = h.url, colour = "blue"})
  h.check(s == nil and message:match("^invalid_config: ") and e.code == "invalid_config" and e.key == "colour",
          "%s", tostring(message))
  local garbage, _, e2 = extapi.Session("{not json")
  h.check(garbage == nil and e2.code == "invalid_config", "malformed JSON")
  h.check(not pcall(function() return assert(extapi.Session({profile = "nope"})) end), "assert passed")
  -- validate = false: the C library's behaviour, info() says why.
  local lenient <close> = assert(extapi.Session({profile = "xmc", base_url = h.url, colour = "blue"}, {validate = false}))
  h.check(assert(lenient:info()).config_error.key == "colour", "info")
  local _, _, e3 = lenient:login()
  h.check(e3.code == "invalid_config", "calls answer invalid_config")
end)

h.test("closed_session_answers_invalid_argument", function()
  local s = assert(extapi.Session(h.xmc_config()))
  s:close()
  s:close()  -- twice is fine
  for name, call in pairs({login = s.login, info = s.info, logout = s.logout}) do
    local result, _, e = call(s)
    h.check(result == nil and e.code == "invalid_argument", "%s: %s", name, tostring(e))
  end
  local _, _, e = s:graphql("{ a }")
  h.check(e.code == "invalid_argument", "graphql")
  _, _, e = s:request("GET", "/x")
  h.check(e.code == "invalid_argument", "request")
end)

h.test("to_be_closed_variable_frees_session", function()
  h.reset()
  local escaped
  do
    local s <close> = assert(extapi.Session(h.xmc_config()))
    assert(s:login())
    escaped = s
  end
  local _, _, e = escaped:info()
  h.check(e and e.code == "invalid_argument", "not closed at scope exit")
end)

h.test("garbage_collector_frees_sessions", function()
  for _ = 1, 2000 do extapi.Session(h.xmc_config()) end
  collectgarbage("collect")
  collectgarbage("collect")
end)

h.test("wrong_argument_types_give_errors_not_crashes", function()
  local s <close> = assert(extapi.Session(h.xmc_config()))
  local _, _, e = s:request("FETCH", "/x")
  h.check(e.code == "invalid_argument", "method")
  _, _, e = s:graphql("{ a \255 }")
  h.check(e.code == "invalid_argument", "utf-8")
  h.check(not pcall(s.core.login, 42), "a number is not a session")
  h.check(not pcall(s.graphql, s, "{ a }", nil, {cancel = "not a cancel"}), "a string is not a Cancel")
end)

-- A fresh interpreter: the harness has already loaded the module here.
local lua = os.getenv("EXTAPI_LUA") or "lua5.4"

h.test("require_leaves_no_global", function()
  local script = [[local before = {} for k in pairs(_G) do before[k] = true end
    require "extapi" require "extapi.core"
    for k in pairs(_G) do if not before[k] then io.write(k, " ") end end]]
  local output, ok = h.run(string.format("%s -e '%s' 2>&1", lua, script))
  h.check(ok and output == "", "new globals: %s", output)
end)

h.test("core_module_is_not_linked_against_liblua", function()
  local path = assert(package.searchpath("extapi.core", package.cpath))
  h.check(path:match("/extapi/core%.so$"), "extapi.core at %s", path)
  local output, ok = h.run("readelf -d " .. path)
  h.check(ok and output:find("libextapi.so.1", 1, true), "readelf: %s", output)
  h.check(not output:find("liblua", 1, true), "linked against liblua: %s", output)
end)

h.test("response_headers_and_rate_limit", function()
  h.reset()
  h.configure({rate_limit_headers = "ietf"})
  local s <close> = assert(extapi.Session({profile = "xiq", base_url = h.url, username = "admin@cust001.com",
                                           password = "xiq-password", response_headers = {"ETag", "Link"}}))
  local page = assert(s:request("GET", "/devices?page=1&limit=10"))
  h.check(page.headers.link:find('/devices?page=2&limit=10>; rel="next"', 1, true), "link: %s", extapi.json(page))
  h.check(page.headers.etag == nil, "an etag the server did not send")
  local limit = page.rate_limit
  h.check(limit.limit == 1000 and limit.remaining == 999 and limit.reset_s == 60, "rate_limit: %s", extapi.json(page))
  h.check(page.retry_after_s == nil, "retry_after_s on a 200")
  h.check(assert(s:request("GET", "/api/things?x=1")).headers.etag == '"e2ae434585aa127b"', "etag")
  h.check(assert(s:request("GET", "/devices?page=3&limit=10")).headers == nil, "headers on the last page")
end)

h.test("rate_limited_carries_retry_after_s", function()
  h.reset()
  h.fault({path = "/api/limited", kind = "status", status = 429, retry_after = "1",
           headers = {["RateLimit-Limit"] = "100", ["RateLimit-Remaining"] = "0"}})
  local s <close> = assert(extapi.Session({profile = "basic", base_url = h.url, username = "basic-user",
                                           password = "basic-password", retries = 0}))
  local result, _, e = s:request("GET", "/api/limited")
  local doc = e.result
  h.check(not result and e.code == "rate_limited" and e.status == 429 and doc.retry_after_s == 1, "%s", tostring(e))
  h.check(math.type(doc.retry_after_s) == "integer", "retry_after_s is not an integer")
  h.check(doc.rate_limit.limit == 100 and doc.rate_limit.reset_s == nil, "%s", extapi.json(doc))
end)

h.test("data_keeps_every_digit_through_extapi_json", function()
  h.reset()
  h.configure({basic_password = "admin"})
  local body = '{"id":9007199254740993,"name":"admin-building","owner":"admin","price":1.50}'
  h.fault({path = "/api/big", kind = "status", status = 200, body = body})
  local s <close> = assert(extapi.Session({profile = "basic", base_url = h.url, username = "basic-user",
                                           password = "admin"}))
  local doc = assert(s:request("GET", "/api/big"))
  h.check(doc.data.name == "admin-building" and doc.data.owner == "[redacted]", "%s", extapi.json(doc))
  h.check(doc.data.id == 9007199254740992 and math.type(doc.data.id) == "float",
          "lua-cjson is expected to round the id, and 2^53 to stay a float: %s", tostring(doc.data.id))
  local id = tonumber(extapi.json(doc, "data.id"))
  h.check(math.type(id) == "integer" and id == 9007199254740993, "exact id: %s", tostring(id))
  h.check(extapi.json(doc, "data") == body:gsub('"admin"', '"[redacted]"'), "data as sent: %s", extapi.json(doc, "data"))
  h.check(extapi.json(doc, "data.price") == "1.50" and extapi.json(doc, "data.nope") == nil, "paths")
  -- The same on a session returning strings.
  h.fault({path = "/api/big", kind = "status", status = 200, body = body})
  local plain <close> = assert(extapi.Session({profile = "basic", base_url = h.url, username = "basic-user",
                                               password = "admin"}, {decode = false}))
  h.check(extapi.json(assert(plain:request("GET", "/api/big")), "data.id") == "9007199254740993", "string documents")
end)

h.test("info_lists_exchanges", function()
  h.reset()
  local s <close> = assert(extapi.Session(h.xmc_config()))
  assert(s:graphql("{ a }"))
  local exchanges = assert(s:info()).exchanges
  h.check(#exchanges == 2, "exchanges: %s", cjson.encode(exchanges))
  local token, api = exchanges[1], exchanges[2]
  h.check(token.endpoint == "token" and token.client_auth == "basic_raw" and token.url:match("/oauth/token/access%-token$"),
          "token exchange: %s", cjson.encode(token))
  h.check(api.endpoint == "api" and api.status == 200 and api.error == nil, "api exchange: %s", cjson.encode(api))
end)

local function resident_kb()
  for line in io.lines("/proc/self/status") do
    local kb = line:match("^VmRSS:%s+(%d+)")
    if kb then return tonumber(kb) end
  end
end

h.test("ten_thousand_calls_keep_memory_flat", function()
  h.reset()
  local s <close> = assert(extapi.Session({profile = "bearer", base_url = h.url, token = "static-token"},
                                          {decode = false}))
  local body = cjson.encode({padding = string.rep("x", 10 * 1024)})
  for _ = 1, 200 do s:request("POST", "/api/echo", body) end
  collectgarbage("collect")
  local before = resident_kb()
  for _ = 1, 10000 do
    local doc = s:request("POST", "/api/echo", body)
    assert(#doc > 10 * 1024)
  end
  collectgarbage("collect")
  local after = resident_kb()
  print(string.format("memory: VmRSS %d kB before, %d kB after 10,000 calls (%+d kB)", before, after, after - before))
  h.check(after - before < 20 * 1024, "resident memory grew by %d kB", after - before)
end)

h.finish()
