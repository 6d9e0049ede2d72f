local C = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
setup, done = C.setup, C.done
local ids, names
init = function() C.seed_random(); ids, names = C.users() end
request = C.timed(function()
  local i = math.random(#ids)
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"' .. ids[i] .. '","userName":"' .. names[i] .. '",'
    .. '"name":{"givenName":"Another","middleName":"Excited","familyName":"User"},'
    .. '"emails":[{"primary":true,"value":"' .. names[i] .. '","type":"work","display":"' .. names[i] .. '"}],'
    .. '"active":true,"groups":[],"meta":{"resourceType":"User"}}'
  return wrk.format("PUT", C.base .. "/Users/" .. ids[i], C.headers({ ["Content-Type"] = "application/scim+json" }), body)
end)
