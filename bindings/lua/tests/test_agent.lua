--- A monitoring agent run twice in a row logs in once: the second process
-- adopts the token the first left in token_cache.
local h = require "harness"

local lua = os.getenv("EXTAPI_LUA") or "lua5.4"
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"

local function run_agent(cache)
  local pipe = assert(io.popen(string.format("%s %sagent.lua %s %s", lua, here, h.url, cache)))
  local output = pipe:read("a")
  local ok = pipe:close()
  return ok, output
end

h.test("agent_run_twice_logs_in_once", function()
  h.reset()
  local cache = os.tmpname()
  os.remove(cache)
  for run = 1, 2 do
    local ok, output = run_agent(cache)
    h.check(ok and output:match("^ok"), "run %d: %s", run, output)
  end
  h.check(h.counter("xmc_token") == 1, "xmc_token is %d, expected 1", h.counter("xmc_token"))
  h.check(h.counter("graphql") == 2, "graphql is %d", h.counter("graphql"))
  os.remove(cache)
  os.remove(cache .. ".lock")
end)

h.finish()
