local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
done = C.done
local n, tag = 0, ""
setup = function(thread) thread:set("tid", tostring(math.random(1, 1e9))) end
-- The clock keeps names unique across runs in one benchmark (the warm-up creates users too).
init = function() tag = (os.getenv("BENCH_RUN") or "run") .. "-" .. tostring(tid) .. "-" .. os.time() end
request = function()
  n = n + 1
  local name = "new-" .. tag .. "-" .. n .. "@bench.example"
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. name .. '",'
    .. '"name":{"givenName":"New","familyName":"User"},"emails":[{"primary":true,"value":"' .. name .. '","type":"work"}],'
    .. '"displayName":"New User","locale":"en-US","externalId":"00u' .. n .. '","groups":[],"password":"1mz050nq","active":true}'
  return wrk.format("POST", C.base .. "/Users", C.headers({ ["Content-Type"] = "application/scim+json" }), body)
end
