local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
setup, done = C.setup, C.done
local users
init = function() C.seed_random(); users = C.users() end
request = C.timed(function()
  local filter = C.urlencode('userName eq "' .. users.name(math.random(users.count)) .. '"')
  return wrk.format("GET", C.base .. "/Users?filter=" .. filter .. "&startIndex=1&count=100", C.headers())
end)
