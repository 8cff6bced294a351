--- The Lua session: each call, decoding, bad configs, close / <close> /
-- __gc, and a 10,000-call loop that must not leak the returned strings.
local extapi = require "extapi"
local h = require "harness"
local cjson = h.json

h.test("login_graphql_request_refresh_logout", function()
  h.reset()
  local s <close> = extapi.Session(h.xmc_config(), {decode = true})
  local login = s:login()
  h.check(login.ok and login.token.type == "Bearer", "login: %s", cjson.encode(login))
  local q = s:graphql("query($site: String) { network { devices { ip } } }", {site = "/World"})
  h.check(q.ok and q.data.network.devices[1].ip == "10.0.0.1", "graphql: %s", cjson.encode(q))
  h.check(q.data.variables.site == "/World", "variables were not sent")
  local r = s:request("POST", "/api/things", {name = "x"})
  h.check(r.ok and r.status == 200 and r.data.method == "POST" and r.data.body.name == "x", "request: %s", cjson.encode(r))
  h.check(s:token_refresh().ok, "token_refresh")
  local out = s:logout()
  h.check(out.ok, "logout")
  h.check(h.counter("xmc_token") == 2, "xmc_token is %d", h.counter("xmc_token"))
end)

h.test("results_are_json_strings_by_default", function()
  h.reset()
  local s <close> = extapi.Session(cjson.encode(h.xmc_config()))
  local doc = s:login()
  h.check(type(doc) == "string", "expected a string, got %s", type(doc))
  h.check(extapi.decode(doc).ok == true, "decode")
end)

h.test("bad_config_answers_invalid_config", function()
  local s <close> = extapi.Session({profile = "xmc", base_url = h.url, colour = "blue"}, {decode = true})
  local doc = s:login()
  h.check(not doc.ok and doc.error.code == "invalid_config" and doc.error.key == "colour", "%s", cjson.encode(doc))
  h.check(s:info().config_error.key == "colour", "info")
  local garbage <close> = extapi.Session("{not json", {decode = true})
  h.check(garbage:login().error.code == "invalid_config", "malformed JSON")
end)

h.test("closed_session_answers_invalid_argument", function()
  local s = extapi.Session(h.xmc_config(), {decode = true})
  s:close()
  s:close()  -- twice is fine
  for _, doc in ipairs({s:login(), s:graphql("{ a }"), s:request("GET", "/x"), s:info()}) do
    h.check(not doc.ok and doc.error.code == "invalid_argument", "%s", cjson.encode(doc))
  end
end)

h.test("to_be_closed_variable_frees_session", function()
  h.reset()
  local escaped
  do
    local s <close> = extapi.Session(h.xmc_config(), {decode = true})
    h.check(s:login().ok, "login")
    escaped = s
  end
  h.check(escaped:info().error.code == "invalid_argument", "not closed at scope exit")
end)

h.test("garbage_collector_frees_sessions", function()
  for _ = 1, 2000 do extapi.Session(h.xmc_config()) end
  collectgarbage("collect")
  collectgarbage("collect")
end)

h.test("wrong_argument_types_give_documents_or_lua_errors_not_crashes", function()
  local s <close> = extapi.Session(h.xmc_config(), {decode = true})
  h.check(s:request("FETCH", "/x").error.code == "invalid_argument", "method")
  h.check(s:graphql("{ a \255 }").error.code == "invalid_argument", "utf-8")
  h.check(not pcall(s.core.login, 42), "a number is not a session")
end)

h.test("response_headers_and_rate_limit", function()
  h.reset()
  h.configure({rate_limit_headers = "ietf"})
  local s <close> = extapi.Session({profile = "xiq", base_url = h.url, username = "admin@cust001.com",
                                    password = "xiq-password", response_headers = {"ETag", "Link"}}, {decode = true})
  local page = s:request("GET", "/devices?page=1&limit=10")
  h.check(page.ok and page.headers.link:find('/devices?page=2&limit=10>; rel="next"', 1, true), "link: %s", extapi.json(page))
  h.check(page.headers.etag == nil, "an etag the server did not send")
  local limit = page.rate_limit
  h.check(limit.limit == 1000 and limit.remaining == 999 and limit.reset_s == 60, "rate_limit: %s", extapi.json(page))
  h.check(page.retry_after_s == nil, "retry_after_s on a 200")
  h.check(s:request("GET", "/api/things?x=1").headers.etag == '"e2ae434585aa127b"', "etag")
  h.check(s:request("GET", "/devices?page=3&limit=10").headers == nil, "headers on the last page")
end)

h.test("rate_limited_carries_retry_after_s", function()
  h.reset()
  h.fault({path = "/api/limited", kind = "status", status = 429, retry_after = "1",
           headers = {["RateLimit-Limit"] = "100", ["RateLimit-Remaining"] = "0"}})
  local s <close> = extapi.Session({profile = "basic", base_url = h.url, username = "basic-user",
                                    password = "basic-password", retries = 0}, {decode = true})
  local doc = s:request("GET", "/api/limited")
  h.check(not doc.ok and doc.error.code == "rate_limited" and doc.retry_after_s == 1, "%s", extapi.json(doc))
  h.check(doc.rate_limit.limit == 100 and doc.rate_limit.reset_s == cjson.null, "%s", extapi.json(doc))
end)

h.test("data_keeps_every_digit_through_extapi_json", function()
  h.reset()
  h.configure({basic_password = "admin"})
  local body = '{"id":9007199254740993,"name":"admin-building","owner":"admin","price":1.50}'
  h.fault({path = "/api/big", kind = "status", status = 200, body = body})
  local s <close> = extapi.Session({profile = "basic", base_url = h.url, username = "basic-user", password = "admin"},
                                   {decode = true})
  local doc = s:request("GET", "/api/big")
  h.check(doc.ok and doc.data.name == "admin-building" and doc.data.owner == "[redacted]", "%s", extapi.json(doc))
  h.check(doc.data.id == 9007199254740992, "lua-cjson is expected to round the id: %s", tostring(doc.data.id))
  local id = tonumber(extapi.json(doc, "data.id"))
  h.check(math.type(id) == "integer" and id == 9007199254740993, "exact id: %s", tostring(id))
  h.check(extapi.json(doc, "data") == body:gsub('"admin"', '"[redacted]"'), "data as sent: %s", extapi.json(doc, "data"))
  h.check(extapi.json(doc, "data.price") == "1.50" and extapi.json(doc, "data.nope") == nil, "paths")
  -- The same on a session returning strings.
  h.fault({path = "/api/big", kind = "status", status = 200, body = body})
  local plain <close> = extapi.Session({profile = "basic", base_url = h.url, username = "basic-user", password = "admin"})
  h.check(extapi.json(plain:request("GET", "/api/big"), "data.id") == "9007199254740993", "string documents")
end)

h.test("info_lists_exchanges", function()
  h.reset()
  local s <close> = extapi.Session(h.xmc_config(), {decode = true})
  h.check(s:graphql("{ a }").ok, "graphql")
  local exchanges = s:info().exchanges
  h.check(#exchanges == 2, "exchanges: %s", cjson.encode(exchanges))
  local token, api = exchanges[1], exchanges[2]
  h.check(token.endpoint == "token" and token.client_auth == "basic_raw" and token.url:match("/oauth/token/access%-token$"),
          "token exchange: %s", cjson.encode(token))
  h.check(api.endpoint == "api" and api.status == 200 and api.error == cjson.null, "api exchange: %s", cjson.encode(api))
end)

local function resident_kb()
  for line in io.lines("/proc/self/status") do
    local kb = line:match("^VmRSS:%s+(%d+)")
    if kb then return tonumber(kb) end
  end
end

h.test("ten_thousand_calls_keep_memory_flat", function()
  h.reset()
  local s <close> = extapi.Session({profile = "bearer", base_url = h.url, token = "static-token"})
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

h.test("readme_shows_the_example_verbatim", function()
  local here = debug.getinfo(1, "S").source:match("^@(.*/)tests/")
  local function read(path) local f = assert(io.open(here .. path)); local t = f:read("a"); f:close(); return t end
  h.check(read("README.md"):find(read("example/demo.lua"), 1, true), "README.md does not show example/demo.lua")
end)

h.finish()
