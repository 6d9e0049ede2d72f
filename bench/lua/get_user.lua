local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
setup, done = C.setup, C.done
local ids
init = function() C.seed_random(); ids = C.users() end
request = C.timed(function() return wrk.format("GET", C.base .. "/Users/" .. ids[math.random(#ids)], C.headers()) end)
