--- Runs the shared conformance cases (tests/conformance/cases.json).
local extapi = require "extapi"
local h = require "harness"
local cjson = h.json

local function read_cases()
  local file = assert(io.open(os.getenv("EXTAPI_CONFORMANCE_CASES"), "r"))
  local doc = cjson.decode(file:read("a"))
  file:close()
  return doc.cases
end

-- Every "${BASE_URL}" in the strings of a decoded JSON value.
local function substitute(value)
  if type(value) == "string" then return (value:gsub("%${BASE_URL}", h.url)) end
  if type(value) ~= "table" then return value end
  local copy = {}
  for k, v in pairs(value) do copy[k] = substitute(v) end
  return setmetatable(copy, getmetatable(value))
end

local function deep_equal(a, b)
  if type(a) ~= type(b) then return false end
  if type(a) ~= "table" then return a == b end
  for k, v in pairs(a) do if not deep_equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

local function encoded_or_nil(value)
  if value == nil then return nil end
  return cjson.encode(value)
end

local function run_step(session, step)
  local call = step.call
  if call == "graphql" then return session:graphql(step.query, encoded_or_nil(step.variables)) end
  if call == "request" then return session:request(step.method, step.path, encoded_or_nil(step.body)) end
  return session[call](session)
end

local function check_expectation(where, doc, expect)
  local problems = {}
  local function problem(text) problems[#problems + 1] = text end
  if expect.ok ~= nil and doc.ok ~= expect.ok then problem("ok") end
  if expect.code ~= nil and h.at(doc, "error.code") ~= expect.code then problem("code") end
  if expect.status ~= nil and doc.status ~= expect.status then problem("status") end
  for path, want in pairs(expect.fields or {}) do
    if not deep_equal(h.at(doc, path), want) then problem("field " .. path) end
  end
  for _, path in ipairs(expect.present or {}) do
    local value = h.at(doc, path)
    if value == nil or value == cjson.null then problem("present " .. path) end
  end
  for _, path in ipairs(expect.absent or {}) do
    if h.at(doc, path) ~= nil then problem("absent " .. path) end
  end
  for _, text in ipairs(expect.raw_contains or {}) do
    if not extapi.json(doc):find(text, 1, true) then problem("raw_contains " .. text) end
  end
  h.check(#problems == 0, "%s: %s wrong in %s", where, table.concat(problems, ", "), extapi.json(doc))
end

local function run_case(case)
  h.reset()
  if case.emulator then h.configure(case.emulator) end
  for _, fault in ipairs(case.faults or {}) do h.fault(fault) end
  local session <close> = extapi.Session(cjson.encode(substitute(case.config)), {decode = true})
  for index, step in ipairs(case.steps) do
    if step.call == "sleep" then
      h.sleep(step.ms / 1000)
    else
      check_expectation(string.format("step %d (%s)", index, step.call), run_step(session, step), step.expect)
    end
  end
  for name, want in pairs(case.counters or {}) do
    local actual = h.counter(name)
    h.check(actual == want, "counter %s is %s, expected %s", name, tostring(actual), tostring(want))
  end
end

for _, case in ipairs(read_cases()) do
  h.test(case.name, function() run_case(case) end)
end
h.finish()
