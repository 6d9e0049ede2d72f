local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
setup, done = C.setup, C.done
local ids, group, next_user, last, over
-- Each request adds a user who is not a member: load.sh walks the users outside the group, or those that
-- member_remove.lua has just removed, and bounds the walk there (BENCH_FROM, BENCH_UNTIL).
init = function()
  ids = C.users(); group = C.group(os.getenv("BENCH_GROUP") or "big"); next_user = C.walk(#ids)
  if os.getenv("BENCH_UNTIL") then response = C.stop_when_walked(function() return over end) end
end
request = function()
  local i = next_user()
  if i then last = i else over = true end
  local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members",'
    .. '"value":[{"value":"' .. ids[last or 1] .. '"}]}]}'
  return wrk.format("PATCH", C.base .. "/Groups/" .. group, C.headers({ ["Content-Type"] = "application/scim+json" }), body)
end
