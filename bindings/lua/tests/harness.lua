--- What the Lua tests share: the emulator's control endpoints (driven with
-- the binding itself, through a basic-profile session), JSON helpers and a
-- tiny test runner that ends with "N passed, N failed".
local extapi = require "extapi"
local cjson = require "cjson"

local harness = {}

harness.url = os.getenv("EXTAPI_EMULATOR_URL") or error("run under with-emulator.sh: EXTAPI_EMULATOR_URL is unset")

local control = assert(extapi.Session({profile = "basic", base_url = harness.url, username = "control",
                                       password = "control"}))

local function call(method, path, body)
  local result, err = control:request(method, path, body and cjson.encode(body) or nil)
  assert(result, "emulator control " .. path .. " failed: " .. tostring(err))
  return result.data
end

function harness.reset() call("POST", "/_emu/reset") end
function harness.configure(settings) call("POST", "/_emu/config", settings) end
function harness.fault(spec) call("POST", "/_emu/fault", spec) end
function harness.counter(name) return call("GET", "/_emu/counters")[name] or 0 end

--- Runs a shell command; returns its output, whether it exited 0, how it
-- ended ("exit" or "signal") and its status.
function harness.run(command)
  local pipe = assert(io.popen(command))
  local output = pipe:read("a")
  return output, pipe:close()
end

function harness.sleep(seconds)
  os.execute(string.format("sleep %.3f", seconds))
end

--- The value at a dotted path ("data.devices.0.ip"); numbers index arrays
-- from 0 as in the conformance cases.
function harness.at(doc, path)
  local node = doc
  for segment in string.gmatch(path, "[^.]+") do
    if type(node) ~= "table" then return nil end
    local index = math.tointeger(tonumber(segment))
    if index and node[index + 1] ~= nil then node = node[index + 1] else node = node[segment] end
  end
  return node
end

function harness.xmc_config(extra)
  local config = {profile = "xmc", base_url = harness.url, client_id = "xmc-client", client_secret = "xmc-secret+/=!"}
  for k, v in pairs(extra or {}) do config[k] = v end
  return config
end

local passed, failed = 0, 0

--- Runs one named test; an error inside it is a failure.
function harness.test(name, body)
  local ok, message = pcall(body)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    print("FAIL " .. name .. ": " .. tostring(message))
  end
end

function harness.check(condition, message, ...)
  if not condition then error(string.format(message, ...), 2) end
end

--- Prints the summary line and exits non-zero when anything failed.
function harness.finish()
  print(string.format("%d passed, %d failed", passed, failed))
  os.exit(failed == 0 and passed > 0)
end

harness.json = cjson
return harness
