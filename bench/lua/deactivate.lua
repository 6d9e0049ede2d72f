local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
setup, done = C.setup, C.done
local users, next_user
-- Each request changes a user: the walk takes every user once (false), and on its next pass sets them back.
init = function() users = C.users(); next_user = C.walk(users.count) end
request = C.timed(function()
  local i, pass = next_user()
  local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":'
    .. (pass % 2 == 0 and "false" or "true") .. '}}]}'
  return wrk.format("PATCH", C.base .. "/Users/" .. users.id(i), C.headers({ ["Content-Type"] = "application/scim+json" }), body)
end)
