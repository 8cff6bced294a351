--- The monitoring-agent example (agent/check_xmc.lua, shown in README.md):
-- each outcome maps to its Nagios exit state, a second run adopts the
-- token the first left in token_cache, and no output carries the secret.
local h = require "harness"

local lua = os.getenv("EXTAPI_LUA") or "lua5.4"
local here = debug.getinfo(1, "S").source:match("^@(.*/)tests/") or "./"
local SECRET = "xmc-secret+/=!"

-- Runs the check; returns its output and exit status.
local function check(args, secret)
  local env = secret and string.format("XMC_CLIENT_SECRET='%s'", secret) or "env -u XMC_CLIENT_SECRET"
  local output, _, _, code = h.run(string.format("%s %s %sagent/check_xmc.lua %s 2>&1", env, lua, here, args))
  h.check(not output:find(SECRET, 1, true), "the secret in the output: %s", output)
  return output, code
end

local function expect(want_code, want_text, args, secret)
  local output, code = check(args, secret)
  h.check(code == want_code and output:find(want_text, 1, true) == 1, "exit %s: %s", tostring(code), output)
  return output
end

h.test("ok_and_run_twice_logs_in_once", function()
  h.reset()
  local cache = os.tmpname()
  os.remove(cache)
  expect(0, "OK - 2 devices | devices=2;1:", h.url .. " " .. cache, SECRET)
  expect(0, "OK - 2 devices", h.url .. " " .. cache, SECRET)
  h.check(h.counter("xmc_token") == 1, "xmc_token is %d, expected 1", h.counter("xmc_token"))
  h.check(h.counter("graphql") == 2, "graphql is %d", h.counter("graphql"))
  os.remove(cache)
  os.remove(cache .. ".lock")
end)

h.test("too_few_devices_is_warning", function()
  h.reset()
  expect(1, "WARNING - 2 devices, expected 5", h.url .. " '' 5", SECRET)
end)

h.test("rate_limited_is_warning", function()
  h.reset()
  h.fault({path = "/nbi/graphql", kind = "status", status = 429, retry_after = "120"})
  expect(1, "WARNING - rate_limited: ", h.url, SECRET)
end)

h.test("rejected_secret_is_critical", function()
  h.reset()
  expect(2, "CRITICAL - auth_failed: ", h.url, "wrong-secret")
end)

h.test("unreachable_server_is_critical", function()
  expect(2, "CRITICAL - network: ", "http://127.0.0.1:1", SECRET)
end)

h.test("missing_secret_is_unknown", function()
  expect(3, "UNKNOWN - invalid_config: ", h.url, nil)
end)

h.finish()
