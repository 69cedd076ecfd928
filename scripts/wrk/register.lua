-- wrk: an agent registers complaints through the server function, as the
-- intake desk sends them (JSON, its own idempotency key per registration),
-- with the session cookie given after `--`. Each thread numbers its own.
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  cookie = args[1]
  n = 0
end

function request()
  n = n + 1
  local i = tid * 100000000 + n
  local body = string.format(
    '{"new":{"channel":"phone","type":"complaint","category":"environment.noise",' ..
    '"title":"夜间施工噪音扰民","content":"小区旁工地每天夜里十一点后仍在施工，噪音很大，影响休息，请有关部门查处。",' ..
    '"location":{"county":"伊宁市","township":"墩买里街道","address":"解放路%d号"},' ..
    '"requester":{"name":"张三","phone":"138%08d"}},"key":"wrk-register-%012d"}',
    n % 500, i % 100000000, i)
  return wrk.format("POST", "/api/register_request", {["Content-Type"] = "application/json", ["Cookie"] = cookie}, body)
end
