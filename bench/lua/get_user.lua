local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
done = C.done
local ids
init = function() ids = C.users() end
request = function() return wrk.format("GET", C.base .. "/Users/" .. ids[math.random(#ids)], C.headers()) end
