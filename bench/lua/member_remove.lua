local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
setup, done = C.setup, C.done
-- Each request removes a member: load.sh walks the group's members (BENCH_FROM, bounded by BENCH_UNTIL).
local script = C.member_change(function(id)
  return '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove",'
    .. '"path":"members[value eq \\"' .. id .. '\\"]"}]}'
end)
init, request = script.init, script.request
