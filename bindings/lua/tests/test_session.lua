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
