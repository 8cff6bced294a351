--- Lua has no threads: concurrency here is several agent processes started
-- at once, sharing a token_cache across a token expiry.  Exactly one of
-- them renews the token; the others wait on the file lock and adopt it.
local h = require "harness"

local lua = os.getenv("EXTAPI_LUA") or "lua5.4"
local here = debug.getinfo(1, "S").source:match("^@(.*/)tests/") or "./"
local PROCESSES = 6

h.test("processes_share_one_renewal", function()
  h.reset()
  h.configure({token_lifetime_s = 2})
  -- Slow token answers make the processes overlap while one renews.
  h.fault({path = "/oauth/token/access-token", kind = "delay", delay_ms = 300, count = 10})
  local cache = os.tmpname()
  os.remove(cache)
  -- The monitoring-agent example; XMC_CLIENT_SECRET comes from ctest.
  local agent = string.format("%s %sagent/check_xmc.lua %s %s", lua, here, h.url, cache)
  h.check(os.execute(agent .. " > /dev/null"), "first run")
  h.sleep(1.3)  -- inside the renewal window
  local all = {}
  for i = 1, PROCESSES do all[i] = agent .. " > /dev/null & " end
  h.check(os.execute(table.concat(all) .. "wait"), "parallel runs")
  h.check(h.counter("xmc_token") == 2, "xmc_token is %d, expected 2", h.counter("xmc_token"))
  h.check(h.counter("graphql") == PROCESSES + 1, "graphql is %d", h.counter("graphql"))
  os.remove(cache)
  os.remove(cache .. ".lock")
end)

h.finish()
