-- What both algorithms share; RedisScripts joins prelude.lua, bursty.lua,
-- warming-up.lua and limiter.lua into one script.
--
-- Lua numbers are doubles. Every moment is kept in integer nanoseconds relative to now,
-- exact up to 2^53 ns (about 104 days) and computed with the same floating-point
-- operations, in the same order, as limiter-core, so that both make the same decisions
-- to the nanosecond; a longer debt is counted to within the doubles' precision. A debt
-- of 2^62 ns (146 years) or more is saturated and stored as 'closed': the limiter stays
-- closed until a rate change reopens it, as the core's does at the end of its clock.
local LIMIT = 4611686018427387904

-- now in microseconds, and as text: the script's argument in tests, the server's TIME
-- otherwise
local now_us, now_text

local function min(a, b)
  if a <= b then return a end
  return b
end

-- A number as text that reads back as the same double. Redis writes a number given to
-- redis.call the same way; both cost a C sprintf, which dominates a script this small,
-- so the hot paths write text they were given (the rate, the time) where they can.
local function text(number)
  return string.format('%.17g', number)
end

-- limiter-core's SmoothRateLimiter.costNanos: rounded up, but for floating-point noise
local function cost_nanos(nanos)
  if not (nanos < LIMIT) then return LIMIT end
  local whole = math.floor(nanos)
  if nanos - whole <= nanos * 8.881784197001252e-16 then return whole end
  return whole + 1
end

-- Reads one limiter: its state under state_key (a hash: base, next, stored, rate, gen,
-- epoch) and its limit's under rate_key (a hash: the live rate; gen, which counts the
-- live changes; epoch, the server time of the last reset of the whole limit), falling
-- back to the configured rate. A state written before the limit's last reset counts as
-- none. The epoch is a time, not a count, and compared by order, so that deleting the
-- rate key by hand (to drop a live rate) forgives no state and brings none back.
local function open(state_key, rate_key, configured_rate)
  local live = redis.call('HMGET', rate_key, 'rate', 'gen', 'epoch')
  local rate_text = live[1] or configured_rate
  local l = { key = state_key, rate = tonumber(rate_text), rate_text = rate_text, gen = live[2] or '0',
    epoch = live[3] or '0' }
  l.state = redis.call('HMGET', state_key, 'base', 'next', 'stored', 'rate', 'gen', 'epoch')
  if l.state[1] and tonumber(l.state[6] or '0') < tonumber(l.epoch) then
    l.state = { false, false, false, false, false, false }
  end
  -- whether a live rate change happened since the state was written (counted, so that a
  -- change and its undoing still reopen a saturated debt, as setRate does)
  l.rate_changed = l.state[1] and (l.state[5] or '0') ~= l.gen
  return l
end

-- The stored next free moment, relative to now; 0 for a new limiter.
local function stored_next(l)
  local state = l.state
  if not state[1] then return 0 end
  if state[2] == 'closed' then return LIMIT end
  return tonumber(state[2]) - (now_us - tonumber(state[1])) * 1000
end

-- Writes the state, with a time to live of what it owes plus a second: once paid, a
-- limiter that disappears comes back as a new one, which is as strict as a limiter
-- can be that owes nothing. The stored permits are a number, or '0'.
local function write(l, next_free, stored)
  local closed = next_free >= LIMIT
  redis.call('HSET', l.key, 'base', now_text, 'next', closed and 'closed' or next_free,
    'stored', stored, 'rate', l.rate_text, 'gen', l.gen, 'epoch', l.epoch)
  if closed then
    redis.call('PERSIST', l.key)
  else
    redis.call('PEXPIRE', l.key, math.ceil(math.max(next_free, 0) / 1000000) + 1000)
  end
end
