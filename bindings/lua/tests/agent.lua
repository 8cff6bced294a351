--- A monitoring agent's check, as run every minute: one GraphQL query, no
-- logout, the token kept in token_cache for the next run.
-- Usage: lua5.4 agent.lua BASE_URL CACHE_FILE
local extapi = require "extapi"

local base_url, cache = arg[1], arg[2]
local s <close> = extapi.Session({profile = "xmc", base_url = base_url, client_id = "xmc-client",
                                  client_secret = "xmc-secret+/=!", token_cache = cache}, {decode = true})
local result = s:graphql("{ network { devices { ip } } }")
print(result.ok and "ok" or ("failed: " .. result.error.code))
os.exit(result.ok)
