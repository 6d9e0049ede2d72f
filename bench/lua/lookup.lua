local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
setup, done = C.setup, C.done
local names
init = function() C.seed_random(); local _; _, names = C.users() end
request = C.timed(function()
  local filter = C.urlencode('userName eq "' .. names[math.random(#names)] .. '"')
  return wrk.format("GET", C.base .. "/Users?filter=" .. filter .. "&startIndex=1&count=100", C.headers())
end)
