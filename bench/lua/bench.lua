-- bench.lua: libextapi from Lua 5.4 through the binding (require "extapi").
-- One session: login once, then session:graphql for every call, as the
-- binding is used by default: a call returns the result table (decoded
-- with lua-cjson when a field other than ok is first read, which this loop,
-- like the C one, never does: it only tests the result), or nil and a
-- message on failure.
-- Lua has no threads: BENCH_THREADS must be 1 (the harness runs one
-- process per thread instead).  Timing: LuaSocket's gettime (µs); CPU
-- time: os.clock (the C library's clock(), the process's CPU time).
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

local begin = now()
local session <close> = assert(extapi.Session(string.format(
  '{"profile":"xmc","base_url":%s,"client_id":%s,"client_secret":%s,"graphql_path":%s}',
  quote(env("BENCH_URL")), quote(env("BENCH_CLIENT_ID")), quote(env("BENCH_CLIENT_SECRET")),
  quote(env("BENCH_PATH", "/nbi/graphql")))))
assert(session:login())
assert(session:graphql(query))
local cold = now() - begin

local failure
for _ = 1, warmup do
  local result, message = session:graphql(query)
  if not result then failure = message end
end

local latencies, succeeded = {}, 0
local loop_begin, cpu_begin = now(), os.clock()
for i = 1, calls do
  local t0 = now()
  local result, message = session:graphql(query)
  latencies[i] = now() - t0
  if result then succeeded = succeeded + 1 else failure = message end
end
local loop, cpu = now() - loop_begin, os.clock() - cpu_begin

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
print(string.format("BENCH calls=%d seconds=%.6f cold_ms=%.3f cpu_s=%.6f", succeeded, loop, cold * 1000, cpu))
os.exit(succeeded == calls and 0 or 1, true)
