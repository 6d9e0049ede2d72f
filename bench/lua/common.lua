-- Shared by the scenario scripts: the seeded ids, the token, and one parseable result line.
local M = {}

M.base = os.getenv("BENCH_BASE_PATH") or "/scim/v2"

function M.headers(extra)
  local h = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or ""),
              ["Accept"] = "application/scim+json" }
  if extra then for k, v in pairs(extra) do h[k] = v end end
  return h
end

-- The time to the ms, from date(1): Lua has no such clock.
local function now() local p = io.popen("date +%s.%N"); local t = tonumber(p:read("*l")); p:close(); return t end

-- wrk runs each thread in a Lua state of its own, and the same unseeded math.random in each would make the
-- threads send the same ids in the same order. setup() numbers the threads and names the run (run_name is a
-- global in the main state and, through thread:set, in each thread's; see timed()); init() seeds each differently.
local threads = {}

function M.setup(thread)
  run_name = run_name or string.format("%.0f", now() * 1000)
  thread:set("thread_index", #threads)
  thread:set("run_name", run_name)
  threads[#threads + 1] = thread
end

function M.seed_random()
  math.randomseed(os.time() + 7919 * ((thread_index or 0) + 1))
end

-- A walk over the positions of a list of n ids in which no request repeats another's: thread k starts at the
-- k-th position of BENCH_FROM ("p0,p1,…"; one number p means p + k) and steps by BENCH_THREADS, so the threads
-- never meet. BENCH_UNTIL bounds the positions (one number for all threads, or one per thread, exclusive).
-- Past the list's end the walk wraps: next() returns the id's index and how many times the walk wrapped,
-- or nil once the bound is reached. done() writes each thread's next position to BENCH_WALKED, so that
-- the next run can go on where this one stopped.
local function per_thread(list, k, default, spread)
  local values = {}
  for v in (list or ""):gmatch("[^,]+") do values[#values + 1] = tonumber(v) end
  if #values == 0 then return default end
  if #values == 1 then return values[1] + (spread and k or 0) end
  return values[k + 1]
end

function M.walk(n)
  local k = thread_index or 0
  local step = tonumber(os.getenv("BENCH_THREADS") or "1")
  local pos = per_thread(os.getenv("BENCH_FROM"), k, k, true)
  local bound = per_thread(os.getenv("BENCH_UNTIL"), k, math.huge, false)
  walked = pos
  return function()
    if pos >= bound then return nil end
    local p = pos
    pos = pos + step
    walked = pos
    return p % n + 1, math.floor(p / n)
  end
end

-- wrk starts each thread as soon as that thread's init() has run, and starts its own clock once every thread
-- is created. A script whose init() reads the seeded users (a tenth of a second at a million; seconds when it
-- built tables of strings) would have its first thread sending alone, its requests counted but not their
-- time, while the next thread reads them: a million-line list read 12-14% faster than a 10,000-line one
-- against the same server, in 5 s runs. So a thread's first request waits until every thread has reached its
-- first request (each leaves a file saying so), and the thread notes the time it then starts at; a bounded
-- walk also notes when it stopped, and done() times the run by these.
local function ready_file(k) return (os.getenv("TMPDIR") or "/tmp") .. "/roster-bench-" .. run_name .. "-" .. k end

local function wait_for_every_thread()
  local f = io.open(ready_file(thread_index or 0), "w")
  if f then f:close() end
  local n = tonumber(os.getenv("BENCH_THREADS") or "1")
  for k = 0, n - 1 do
    for _ = 1, 3000 do  -- at most a minute
      local g = io.open(ready_file(k), "r")
      if g then g:close(); break end
      os.execute("sleep 0.02")
    end
  end
end

-- Wraps a script's request() so that its thread's first request waits for the other threads and notes the time.
-- wrk calls the first thread's request() once from its main thread to check the script, before it creates the
-- next thread: that call must not wait.
local calls = 0
function M.timed(request)
  return function()
    if not started then
      calls = calls + 1
      if not run_name then started = now()
      elseif not (thread_index == 0 and calls == 1) then wait_for_every_thread(); started = now() end
    end
    return request()
  end
end

-- For a bounded walk: the thread stops once its walk is over (wrk itself waits out -d).
function M.stop_when_walked(over)
  return function()
    if over() and not stopped then stopped = now(); wrk.thread:stop() end
  end
end

-- The run's length in µs: from the first thread's first request to the last thread's stop, or to now (done()
-- runs as wrk's run ends) when a thread ran to the end; wrk's own when a thread noted nothing.
local function duration(summary)
  local first, last, ended = math.huge, 0, true
  for _, t in ipairs(threads) do
    local a, b = t:get("started"), t:get("stopped")
    if not a then return summary.duration end
    first = math.min(first, a)
    if b then last = math.max(last, b) else ended = false end
  end
  if #threads == 0 then return summary.duration end
  if not ended then last = now() end
  return (last - first) * 1e6
end

-- The member scripts: each request changes one member of BENCH_GROUP, the next user of the walk, in the
-- PatchOp body that body_for(id) gives. A bounded walk stops its thread at its end.
function M.member_change(body_for)
  local users, group, next_user, last, over
  local script = {}
  script.init = function()
    users = M.users(); group = M.group(os.getenv("BENCH_GROUP") or "big"); next_user = M.walk(users.count)
    if os.getenv("BENCH_UNTIL") then response = M.stop_when_walked(function() return over end) end
  end
  script.request = M.timed(function()
    local i = next_user()
    if i then last = i else over = true end
    return wrk.format("PATCH", M.base .. "/Groups/" .. group, M.headers({ ["Content-Type"] = "application/scim+json" }),
      body_for(users.id(last or 1)))
  end)
  return script
end

-- The "id userName" lines the seeder wrote, as a list: users.count, users.id(i), users.name(i). The file is
-- kept as one string with the offset of each line: a table of two million strings took wrk's LuaJIT about
-- 7 s to build at a million users, in each thread, and those seconds were taken from the run.
function M.users()
  local f = assert(io.open(os.getenv("BENCH_DIR") .. "/users.txt", "rb"))
  local data = f:read("*a")
  f:close()
  local starts, n, pos, len = {}, 0, 1, #data
  while pos <= len do
    n = n + 1
    starts[n] = pos
    local nl = data:find("\n", pos, true)
    if not nl then pos = len + 2; break end
    pos = nl + 1
  end
  starts[n + 1] = pos  -- one past the last line's newline, real or not
  local function space(i) return data:find(" ", starts[i], true) end
  return {
    count = n,
    id = function(i) return data:sub(starts[i], space(i) - 1) end,
    name = function(i) return data:sub(space(i) + 1, starts[i + 1] - 2) end,
  }
end

function M.group(which)
  for line in io.lines(os.getenv("BENCH_DIR") .. "/groups.txt") do
    local id, kind = line:match("^(%S+) (%S+)$")
    if kind == which then return id end
  end
end

function M.urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function record_walks()
  local file = os.getenv("BENCH_WALKED")
  if not file or #threads == 0 or threads[1]:get("walked") == nil then return end
  local out = {}
  for i, t in ipairs(threads) do out[i] = tostring(t:get("walked")) end
  local f = io.open(file, "w")
  f:write(table.concat(out, ","), "\n")
  f:close()
end

function M.done(summary, latency, requests)
  record_walks()
  if run_name then for k = 0, #threads - 1 do os.remove(ready_file(k)) end end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f errors=%d requests=%d\n",
    summary.requests / (duration(summary) / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests))
end

return M
