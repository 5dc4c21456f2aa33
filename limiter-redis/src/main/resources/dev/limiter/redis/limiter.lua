-- The operations on one limiter, or on several at once.
--
-- ARGV[1]  the operation: query | reserve | at | rate | snapshot | joint | reset | reset-all
-- ARGV[2]  now in microseconds, for tests; empty: the server's TIME
-- reset: ARGV[3] the channel of changes; the state is deleted, the rate key published,
--        and the answer is { 1 if there was a state, else 0 }
-- reset-all: the same, and every other state of the limit (its client keys) counts as
--        none from now on: the limit's epoch becomes the server's time
-- then six arguments per limiter, the i-th under KEYS[2i-1] (its state) and KEYS[2i]
-- (its limit's live rate):
--   the argument: reserve and joint: the timeout in ns, -1 for none; at: the moment
--                 in ns from now; rate: the new rate in permits per second
--   the permits
--   the algorithm: b (bursty) or w (warming up)
--   the configured rate, in force until a live change
--   the algorithm's parameters: bursty: the maximum burst in ns; warming up: the
--                 warm-up in ns and the cold factor
--
-- One limiter's operations answer { value, wait of a rejection or 0, the rate in force };
-- snapshot answers the state's fields. A joint decision answers { the wait of the call,
-- or -1 if rejected, then for each limiter its rate in force and its wait }: either
-- every limiter grants its permits at the moment the call will run (the latest of their
-- free moments), or, when any limiter's wait is longer than its timeout, none does.
-- A rate change takes the channel of changes after the limiter's arguments, and
-- publishes the rate key on it, as a reset does: every instance then forgets the
-- rejections it was repeating locally for that limit.
local op = ARGV[1]
if op == 'reset' or op == 'reset-all' then
  local deleted = redis.call('DEL', KEYS[1])
  if op == 'reset-all' then
    -- the server's time in microseconds, and later than the last epoch even if the
    -- clock went back (a failover to a replica whose clock is behind)
    local time = redis.call('TIME')
    local epoch = tonumber(time[1]) * 1000000 + tonumber(time[2])
    local last = tonumber(redis.call('HGET', KEYS[2], 'epoch') or '0')
    redis.call('HSET', KEYS[2], 'epoch', string.format('%.0f', math.max(epoch, last + 1)))
  end
  redis.call('PUBLISH', ARGV[3], KEYS[2])
  return { deleted }
end
if ARGV[2] ~= '' then
  now_text = ARGV[2]
else
  local time = redis.call('TIME')
  now_text = time[1] .. string.rep('0', 6 - #time[2]) .. time[2]
end
now_us = tonumber(now_text)

local function limiter(i)
  local base = 3 + 6 * (i - 1)
  local l = open(KEYS[2 * i - 1], KEYS[2 * i], ARGV[base + 3])
  l.arg = tonumber(ARGV[base])
  l.permits = tonumber(ARGV[base + 1])
  if ARGV[base + 2] == 'w' then return warming_up(l, ARGV[base + 4], ARGV[base + 5]) end
  return bursty(l, ARGV[base + 4])
end

if op == 'joint' then
  local limiters = {}
  local runs_at = 0
  local rejected = false
  local answer = { 0 }
  for i = 1, #KEYS / 2 do
    local l = limiter(i)
    limiters[i] = l
    local wait = math.max(0, l.next_free())
    if wait > l.arg then rejected = true end
    runs_at = math.max(runs_at, wait)
    answer[2 * i] = l.rate_text
    answer[2 * i + 1] = wait
  end
  if rejected then
    answer[1] = -1
    return answer
  end
  for _, l in ipairs(limiters) do l.grant(l.permits, runs_at) end
  answer[1] = runs_at
  return answer
end

if op == 'rate' then
  redis.call('HSET', KEYS[2], 'rate', ARGV[3])
  redis.call('HINCRBY', KEYS[2], 'gen', 1)
  redis.call('PUBLISH', ARGV[9], KEYS[2])
end
local l = limiter(1)
local function answer(value, wait)
  return { value, wait or 0, l.rate_text }
end

local next_free = l.next_free()
if op == 'query' then
  return answer(math.max(0, next_free))
elseif op == 'reserve' then
  if l.arg >= 0 and next_free > l.arg then return answer(-1, next_free) end
  l.grant(l.permits, 0)
  return answer(math.max(0, next_free))
elseif op == 'at' then
  if next_free > l.arg then return answer(-1, next_free) end
  l.grant(l.permits, l.arg)
  return answer(0)
elseif op == 'rate' then
  l.touch()
  return answer(0)
elseif op == 'snapshot' then
  return l.snapshot()
end
return redis.error_reply('unknown operation ' .. tostring(op))
