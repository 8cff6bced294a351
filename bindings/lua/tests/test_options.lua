--- Version 1.1 through Lua: per-call options (deadline_ms, headers, query,
-- operation_name, content_type, response) and the Cancel object.  Plain
-- Lua has no threads, so a cancel cannot be fired while a call blocks
-- here: the tests use a cancel fired before the call, and deadline_ms to
-- cut a stalled call short (the C tests fire from a second thread).
local extapi = require "extapi"
local h = require "harness"

local function bearer(extra)
  local config = {profile = "bearer", base_url = h.url, token = "static-token"}
  for k, v in pairs(extra or {}) do config[k] = v end
  return assert(extapi.Session(config))
end

h.test("deadline_ms_cuts_a_stalled_call_short", function()
  h.reset()
  h.fault({path = "/api/slow", kind = "stall", stall_ms = 20000})
  local s <close> = bearer()
  local started = os.time()
  local result, message, e = s:request("GET", "/api/slow", nil, {deadline_ms = 300})
  local seconds = os.time() - started
  h.check(result == nil and e.code == "timeout", "%s", tostring(message))
  h.check(seconds <= 2, "the call took %d s of a 20 s stall", seconds)
end)

h.test("deadline_ms_bounds_graphql_and_login", function()
  h.reset()
  h.fault({path = "/oauth/token/access-token", kind = "stall", stall_ms = 20000, count = 2})
  local s <close> = assert(extapi.Session(h.xmc_config()))
  local started = os.time()
  local _, _, e = s:login({deadline_ms = 300})
  h.check(e and e.code == "timeout", "login: %s", tostring(e))
  local _, _, e2 = s:graphql("{ a }", nil, {deadline_ms = 300})
  h.check(e2 and e2.code == "timeout", "graphql: %s", tostring(e2))
  h.check(os.time() - started <= 3, "took %d s", os.time() - started)
end)

h.test("fired_cancel_sends_nothing", function()
  h.reset()
  local s <close> = assert(extapi.Session(h.xmc_config()))
  local cancel = extapi.Cancel()
  cancel:fire()
  cancel:fire()  -- twice is harmless
  local result, message, e = s:graphql("{ a }", nil, {cancel = cancel})
  h.check(result == nil and e.code == "cancelled" and e.status == 0, "%s", tostring(message))
  _, _, e = s:login({cancel = cancel})
  h.check(e.code == "cancelled", "login")
  _, _, e = s:request("GET", "/api/things", nil, {cancel = cancel, deadline_ms = 5000})
  h.check(e.code == "cancelled", "request")
  h.check(h.counter("xmc_token") == 0 and h.counter("graphql") == 0, "something was sent")
  -- The session is not harmed; a fresh Cancel does not cancel.
  h.check(s:graphql("{ a }", nil, {cancel = extapi.Cancel()}), "a call with an unfired cancel")
end)

h.test("headers_query_and_form_body", function()
  h.reset()
  local s <close> = bearer({headers = {["X-Org"] = "session"}})
  local r = assert(s:request("POST", "/api/form", "a=1&b=two%20words",
                             {content_type = "application/x-www-form-urlencoded", headers = {["X-Org"] = "call"},
                              query = {page = "2"}}))
  h.check(r.data.query == "page=2" and r.data.method == "POST", "%s", extapi.json(r))
  local last = assert(s:request("GET", "/_emu/last_request?name=api"))
  h.check(last.data.headers["x-org"] == "call" and last.data.body == "a=1&b=two%20words", "%s", extapi.json(last))
end)

h.test("response_text_and_base64", function()
  h.reset()
  h.fault({path = "/api/raw", kind = "status", status = 200, body = '{"n":1}', count = 2})
  local s <close> = bearer()
  h.check(assert(s:request("GET", "/api/raw", nil, {response = "text"})).data == '{"n":1}', "text")
  h.check(assert(s:request("GET", "/api/raw", nil, {response = "base64"})).data == "eyJuIjoxfQ==", "base64")
end)

h.test("operation_name_and_options_as_json_text", function()
  h.reset()
  local s <close> = assert(extapi.Session(h.xmc_config()))
  assert(s:graphql("query Q { a } query R { b }", nil, {operation_name = "Q"}))
  assert(s:graphql("query Q { a }", nil, '{"operation_name":"Q"}'))
end)

h.test("unknown_or_misplaced_options_are_invalid_argument", function()
  h.reset()
  local s <close> = bearer()
  local _, message, e = s:request("GET", "/api/x", nil, {colour = "red"})
  h.check(e.code == "invalid_argument" and e.key == "options.colour", "%s", tostring(message))
  _, _, e = s:login({query = {a = "b"}})
  h.check(e.code == "invalid_argument" and e.key == "options.query", "%s", tostring(e))
  h.check(h.counter("api") == 0, "a call with bad options was sent")
end)

h.test("session_deadline_ms_for_agents", function()
  h.reset()
  h.fault({path = "/api/slow", kind = "stall", stall_ms = 20000})
  local s <close> = bearer({deadline_ms = 300, timeout_ms = 10000})
  local started = os.time()
  local _, _, e = s:request("GET", "/api/slow")
  h.check(e.code == "timeout" and os.time() - started <= 2, "%s after %d s", tostring(e), os.time() - started)
end)

h.finish()
