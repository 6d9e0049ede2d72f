local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
setup, done = C.setup, C.done
-- Each request adds a user who is not a member: load.sh walks the users outside the group, or those that
-- member_remove.lua has just removed, and bounds the walk there (BENCH_FROM, BENCH_UNTIL).
local script = C.member_change(function(id)
  return '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members",'
    .. '"value":[{"value":"' .. id .. '"}]}]}'
end)
init, request = script.init, script.request
