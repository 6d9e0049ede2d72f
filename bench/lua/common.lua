-- Shared by the scenario scripts: the seeded ids, the token, and one parseable result line.
local M = {}

M.base = os.getenv("BENCH_BASE_PATH") or "/scim/v2"

function M.headers(extra)
  local h = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or ""),
              ["Accept"] = "application/scim+json" }
  if extra then for k, v in pairs(extra) do h[k] = v end end
  return h
end

-- "id userName" lines written by the seeder
function M.users()
  local ids, names = {}, {}
  for line in io.lines(os.getenv("BENCH_DIR") .. "/users.txt") do
    local id, name = line:match("^(%S+) (%S+)$")
    ids[#ids + 1] = id
    names[#names + 1] = name
  end
  return ids, names
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

function M.done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests))
end

return M
