local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
setup, done = C.setup, C.done
local users
init = function() C.seed_random(); users = C.users() end
request = C.timed(function()
  local i = math.random(users.count)
  local id, name = users.id(i), users.name(i)
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"' .. id .. '","userName":"' .. name .. '",'
    .. '"name":{"givenName":"Another","middleName":"Excited","familyName":"User"},'
    .. '"emails":[{"primary":true,"value":"' .. name .. '","type":"work","display":"' .. name .. '"}],'
    .. '"active":true,"groups":[],"meta":{"resourceType":"User"}}'
  return wrk.format("PUT", C.base .. "/Users/" .. id, C.headers({ ["Content-Type"] = "application/scim+json" }), body)
end)
