-- wrk's script for every bench run: `wrk -s bench/wrk.lua URL -- METHOD BODY_FILE|- [Header: value ...]`.
-- Each request carries a made-up client address (X-Real-IP, which the bench server trusts) so the per-address
-- rate limits of search and certificate verification measure the page, not the refusal. At the end one line
-- `BENCH {...}` gives what wrk's own summary lacks (p95) in a form bench/wrk.py reads.
local method = "GET"
local body = nil
local headers = {}

function init(args)
  method = args[1] or "GET"
  if args[2] and args[2] ~= "-" then
    local file = assert(io.open(args[2], "rb"))
    body = file:read("*a")
    file:close()
  end
  for i = 3, #args do
    local name, value = string.match(args[i], "^([^:]+):%s*(.*)$")
    if name then headers[name] = value end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  headers["X-Real-IP"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format(method, nil, headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
