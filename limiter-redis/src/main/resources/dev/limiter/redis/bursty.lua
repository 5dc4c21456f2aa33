-- limiter-core's SmoothBurstyRateLimiter: one theoretical arrival time (next), stored
-- idle time up to the maximum burst.
-- ARGV[6]  the maximum burst in ns
local max_burst = tonumber(ARGV[6])
local interval = 1e9 / rate
local tat = stored_next()
if tat >= LIMIT and rate_changed then
  -- a rate change reopens a saturated debt: one interval at the new rate
  tat = cost_nanos(interval)
end

local function grant(at)
  local start = math.max(tat, at - max_burst)
  local next_free = start + cost_nanos(permits * interval)
  write(next_free, 0)
end

if op == 'query' then
  return answer(math.max(0, tat))
elseif op == 'reserve' then
  if arg >= 0 and tat > arg then return answer(-1, tat) end
  grant(0)
  return answer(math.max(0, tat))
elseif op == 'at' then
  if tat > arg then return answer(-1, tat) end
  grant(arg)
  return answer(0)
elseif op == 'rate' then
  if state[1] then write(tat, 0) end
  return answer(0)
elseif op == 'snapshot' then
  local stored_nanos = min(max_burst, math.max(0, -tat))
  return { string.format('%.17g', rate), string.format('%.17g', stored_nanos / interval),
    string.format('%.17g', max_burst / interval), string.format('%.17g', max_burst / interval),
    string.format('%.17g', math.max(0, 1.0 - stored_nanos / interval) * interval),
    string.format('%.0f', math.max(0, tat)) }
end
return redis.error_reply('unknown operation ' .. tostring(op))
