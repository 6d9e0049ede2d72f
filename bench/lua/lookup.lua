local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
done = C.done
local names
init = function() local _; _, names = C.users() end
request = function()
  local filter = C.urlencode('userName eq "' .. names[math.random(#names)] .. '"')
  return wrk.format("GET", C.base .. "/Users?filter=" .. filter .. "&startIndex=1&count=100", C.headers())
end
