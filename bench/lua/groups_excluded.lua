local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
done = C.done
request = function() return wrk.format("GET", C.base .. "/Groups?excludedAttributes=members", C.headers()) end
