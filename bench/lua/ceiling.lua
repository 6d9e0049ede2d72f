local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
done = C.done
request = function() return wrk.format("GET", "/bench/ceiling", C.headers()) end
