-- Logs in to an XMC server, runs a GraphQL query, logs out.
-- Usage: lua5.4 demo.lua BASE_URL, with the client secret in XMC_SECRET.
local extapi = require "extapi"

local session <close> = extapi.Session({
  profile = "xmc",
  base_url = arg[1] or "https://xmc.example:8443",
  client_id = "xmc-client",
  client_secret_env = "XMC_SECRET",
}, {decode = true})

local login = session:login()
assert(login.ok, login.error and login.error.message)

local result = session:graphql("{ network { devices { ip } } }")
assert(result.ok, result.error and result.error.message)
for _, device in ipairs(result.data.network.devices) do
  print("device " .. device.ip)
end

print("logged out: " .. tostring(session:logout().ok))
