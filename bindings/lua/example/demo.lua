-- Logs in to an XMC server, runs a GraphQL query, logs out.
-- Usage: lua5.4 demo.lua BASE_URL, with the client secret in XMC_CLIENT_SECRET.
local extapi = require "extapi"

-- assert: a failure is nil, "code: message", so assert stops with the message.
local session <close> = assert(extapi.Session({
  profile = "xmc",
  base_url = arg[1] or "https://xmc.example:8443",
  client_id = "xmc-client",
  client_secret_env = "XMC_CLIENT_SECRET",
}))

assert(session:login())

local result = assert(session:graphql("{ network { devices { ip } } }"))
for _, device in ipairs(result.data.network.devices) do
  print("device " .. device.ip)
end

print("logged out: " .. tostring(assert(session:logout()).ok))
