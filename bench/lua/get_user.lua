local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
setup, done = C.setup, C.done
local users
init = function() C.seed_random(); users = C.users() end
request = C.timed(function() return wrk.format("GET", C.base .. "/Users/" .. users.id(math.random(users.count)), C.headers()) end)
