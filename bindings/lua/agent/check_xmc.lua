-- A Nagios-style check for a monitoring agent that runs it every 60 s:
-- one GraphQL query counting the devices XMC manages.
-- Usage: lua5.4 check_xmc.lua BASE_URL [TOKEN_CACHE [MIN_DEVICES]], with
-- the client secret in XMC_CLIENT_SECRET.
-- Exit status and first word: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
local extapi = require "extapi"

local OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
local NAMES = {[OK] = "OK", [WARNING] = "WARNING", [CRITICAL] = "CRITICAL", [UNKNOWN] = "UNKNOWN"}

-- What an error code says about the monitored service.  Any other code
-- (invalid_config, insecure_transport, cancelled, internal, ...) means the
-- check itself is broken: UNKNOWN.
local STATE = {
  network = CRITICAL, timeout = CRITICAL, tls = CRITICAL, http = CRITICAL,
  invalid_response = CRITICAL, auth_failed = CRITICAL,  -- monitoring has stopped
  rate_limited = WARNING, graphql = WARNING,            -- up, but not answering fully
}

local function finish(state, text)
  print(NAMES[state] .. " - " .. text)
  os.exit(state)
end

local base_url, cache, minimum = arg[1], arg[2], tonumber(arg[3] or "1")
if cache == "" then cache = nil end

-- Within the agent's 60 s: 10 s per request and one retry, and the whole
-- call (token renewal and Retry-After waits included) cut at 45 s.  The
-- token_cache file keeps the token between runs: one login per token
-- lifetime, not one per check.
local session, message = extapi.Session({
  profile = "xmc",
  base_url = base_url,
  client_id = "xmc-client",
  client_secret_env = "XMC_CLIENT_SECRET",
  token_cache = cache,
  timeout_ms = 10000,
  connect_timeout_ms = 5000,
  retries = 1,
  deadline_ms = 45000,
})
if not session then finish(UNKNOWN, message) end

local result, err, e = session:graphql("{ network { devices { ip } } }")
session:close()
if not result then finish(STATE[e.code] or UNKNOWN, err) end

local count = #result.data.network.devices
local perfdata = string.format(" | devices=%d;%d:", count, minimum)
if count < minimum then finish(WARNING, string.format("%d devices, expected %d", count, minimum) .. perfdata) end
finish(OK, string.format("%d devices", count) .. perfdata)
