local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
done = C.done
local ids
init = function() ids = C.users() end
request = function()
  local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}'
  return wrk.format("PATCH", C.base .. "/Users/" .. ids[math.random(#ids)], C.headers({ ["Content-Type"] = "application/scim+json" }), body)
end
