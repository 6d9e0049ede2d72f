local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
done = C.done
local ids, group
init = function() ids = C.users(); group = C.group(os.getenv("BENCH_GROUP") or "big") end
request = function()
  local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members",'
    .. '"value":[{"value":"' .. ids[math.random(#ids)] .. '"}]}]}'
  return wrk.format("PATCH", C.base .. "/Groups/" .. group, C.headers({ ["Content-Type"] = "application/scim+json" }), body)
end
