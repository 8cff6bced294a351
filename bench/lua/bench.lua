-- bench.lua: libextapi from Lua 5.4 through the binding (require "extapi").
-- One session: login once, then session:graphql for every call; a call
-- succeeds when its document is {"ok":true,...} (the binding returns the
-- library's document as a string; the library has validated the answer).
-- Lua has no threads: BENCH_THREADS must be 1 (the harness runs one
-- process per thread instead).  Timing: LuaSocket's gettime (µs).
local extapi = require "extapi"
local socket = require "socket"

local function env(name, fallback)
  local value = os.getenv(name)
  if value and value ~= "" then return value end
  if fallback then return fallback end
  io.stderr:write("bench: " .. name .. " is not set\n")
  os.exit(2)
end

-- A JSON string literal (the values here are URLs and plain credentials,
-- but quote them properly all the same).
local function quote(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

assert(tonumber(env("BENCH_THREADS", "1")) == 1, "bench.lua runs one thread")
local calls = tonumber(env("BENCH_CALLS", "1000"))
local warmup = tonumber(env("BENCH_WARMUP", "0"))
local query = "{ network { devices { ip } } }"
local now = socket.gettime

local function ok(document)
  return document:sub(1, 10) == '{"ok":true'
end

local begin = now()
local session <close> = extapi.Session(string.format(
  '{"profile":"xmc","base_url":%s,"client_id":%s,"client_secret":%s,"graphql_path":%s}',
  quote(env("BENCH_URL")), quote(env("BENCH_CLIENT_ID")), quote(env("BENCH_CLIENT_SECRET")),
  quote(env("BENCH_PATH", "/nbi/graphql"))))
local login = session:login()
if not ok(login) then error("login failed: " .. login) end
local first = session:graphql(query)
if not ok(first) then error("first call failed: " .. first) end
local cold = now() - begin

local failure
for _ = 1, warmup do
  local document = session:graphql(query)
  if not ok(document) then failure = document end
end

local latencies, succeeded = {}, 0
local loop_begin = now()
for i = 1, calls do
  local t0 = now()
  local document = session:graphql(query)
  latencies[i] = now() - t0
  if ok(document) then succeeded = succeeded + 1 else failure = document end
end
local loop = now() - loop_begin

if failure then
  io.stderr:write("bench: call failed: " .. failure .. "\n")
  succeeded = 0
end
local path = os.getenv("BENCH_LAT_FILE")
if path and path ~= "" then
  local f = assert(io.open(path, "w"))
  for i = 1, calls do f:write(string.format("%d\n", math.floor(latencies[i] * 1e9 + 0.5))) end
  f:close()
end
print(string.format("BENCH calls=%d seconds=%.6f cold_ms=%.3f", succeeded, loop, cold * 1000))
os.exit(succeeded == calls and 0 or 1, true)
