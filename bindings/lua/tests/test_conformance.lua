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

-- Each plainly decoded document's text, for raw_contains and messages.
local raw = setmetatable({}, {__mode = "k"})
local function plain(text)
  local doc = cjson.decode(text)
  raw[doc] = text
  return doc
end

local function copy(t)
  local c = {}
  for k, v in pairs(t or {}) do c[k] = v end
  return c
end

-- The step's options; "cancel": "fired" adds a Cancel fired before the call.
local function step_options(step)
  local options = copy(step.options)
  if step.cancel == "fired" then
    options.cancel = extapi.Cancel()
    options.cancel:fire()
  end
  return options
end

-- A string body with a content_type option is sent as its text, as the C
-- runner does; any other body is encoded as JSON.
local function step_body(step, options)
  if type(step.body) == "string" and options.content_type then return step.body end
  return encoded_or_nil(step.body)
end

-- Runs the step through the binding, checks Lua's convention (result, or
-- nil + "code: message" + error table) and returns the library's document
-- decoded plainly, so the expectations read what every binding reads.
local function run_step(session, step)
  local call, options = step.call, step_options(step)
  local result, message, e
  if call == "graphql" then
    result, message, e = session:graphql(step.query, encoded_or_nil(step.variables), options)
  elseif call == "request" then
    result, message, e = session:request(step.method, step.path, step_body(step, options), options)
  else
    result, message, e = session[call](session, options)
  end
  if result ~= nil then
    h.check(message == nil and result.ok == true, "%s: a result with an error", call)
    return plain(extapi.json(result))
  end
  h.check(type(message) == "string" and message:find(e.code .. ": ", 1, true) == 1, "%s: message %s", call,
          tostring(message))
  local doc = plain(extapi.json(e.result))
  h.check(doc.ok == false and doc.error.code == e.code and doc.status == e.status, "%s: error table", call)
  return doc
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
    if not raw[doc]:find(text, 1, true) then problem("raw_contains " .. text) end
  end
  h.check(#problems == 0, "%s: %s wrong in %s", where, table.concat(problems, ", "), raw[doc])
end

local function run_case(case)
  h.reset()
  if case.emulator then h.configure(case.emulator) end
  for _, fault in ipairs(case.faults or {}) do h.fault(fault) end
  local config = cjson.encode(substitute(case.config))
  local checked, _, refusal = extapi.Session(config)
  if checked then checked:close() end
  -- Construction refuses an invalid config; with validate = false the
  -- session answers it on every call, which the steps then check.
  local session <close> = extapi.Session(config, {validate = false})
  for index, step in ipairs(case.steps) do
    if step.call == "sleep" then
      h.sleep(step.ms / 1000)
    else
      local doc = run_step(session, step)
      local answers_config_error = doc.error ~= nil and doc.error.code == "invalid_config"
      h.check(not answers_config_error or (refusal and refusal.code == "invalid_config"),
              "step %d: construction accepted a config the session refuses", index)
      check_expectation(string.format("step %d (%s)", index, step.call), doc, step.expect)
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
