-- What both algorithms share; RedisRateLimiter prepends it to each script.
--
-- KEYS[1]  the limiter's state (a hash: base, next, stored, rate)
-- KEYS[2]  the limit's live rate, shared by all its client keys (a hash: rate, and gen,
--          which counts the live changes)
-- ARGV[1]  the operation: query | reserve | at | rate | snapshot
-- ARGV[2]  permits (reserve, at)
-- ARGV[3]  reserve: the timeout in ns, -1 for none; at: the moment in ns from now;
--          rate: the new rate in permits per second
-- ARGV[4]  the configured rate, in force until a live change
-- ARGV[5]  now in microseconds, for tests; empty: the server's TIME
-- ARGV[6]… the algorithm's own parameters
--
-- Every answer is { value, wait of a rejection or 0, the rate in force }.
--
-- Lua numbers are doubles. Every moment is kept in integer nanoseconds relative to now,
-- exact up to 2^53 ns (about 104 days) and computed with the same floating-point
-- operations, in the same order, as limiter-core, so that both make the same decisions
-- to the nanosecond; a longer debt is counted to within the doubles' precision. A debt
-- of 2^62 ns (146 years) or more is saturated and stored as 'closed': the limiter stays
-- closed until a rate change reopens it, as the core's does at the end of its clock.
local LIMIT = 4611686018427387904
local op = ARGV[1]
local permits = tonumber(ARGV[2])
local arg = tonumber(ARGV[3])
local now_us
if ARGV[5] ~= '' then
  now_us = tonumber(ARGV[5])
else
  local time = redis.call('TIME')
  now_us = tonumber(time[1]) * 1000000 + tonumber(time[2])
end
if op == 'rate' then
  redis.call('HSET', KEYS[2], 'rate', ARGV[3])
  redis.call('HINCRBY', KEYS[2], 'gen', 1)
end
local live = redis.call('HMGET', KEYS[2], 'rate', 'gen')
local rate = tonumber(live[1] or ARGV[4])
local gen = live[2] or '0'
local state = redis.call('HMGET', KEYS[1], 'base', 'next', 'stored', 'rate', 'gen')
local state_rate = tonumber(state[4])
-- whether a live rate change happened since this limiter's state was written (counted,
-- so that a change and its undoing still reopen a saturated debt, as setRate does)
local rate_changed = state[1] and (state[5] or '0') ~= gen

local function answer(value, wait)
  return { value, wait or 0, string.format('%.17g', rate) }
end

local function min(a, b)
  if a <= b then return a end
  return b
end

-- limiter-core's SmoothRateLimiter.costNanos: rounded up, but for floating-point noise
local function cost_nanos(nanos)
  if not (nanos < LIMIT) then return LIMIT end
  local whole = math.floor(nanos)
  if nanos - whole <= nanos * 8.881784197001252e-16 then return whole end
  return whole + 1
end

-- The stored next free moment, relative to now; 0 for a new limiter.
local function stored_next()
  if not state[1] then return 0 end
  if state[2] == 'closed' then return LIMIT end
  return tonumber(state[2]) - (now_us - tonumber(state[1])) * 1000
end

-- Writes the state, with a time to live of what it owes plus a second: once paid, a
-- limiter that disappears comes back as a new one, which is as strict as a limiter
-- can be that owes nothing.
local function write(next_free, stored)
  local closed = next_free >= LIMIT
  redis.call('HSET', KEYS[1], 'base', string.format('%.0f', now_us),
    'next', closed and 'closed' or string.format('%.0f', next_free),
    'stored', string.format('%.17g', stored), 'rate', string.format('%.17g', rate), 'gen', gen)
  if closed then
    redis.call('PERSIST', KEYS[1])
  else
    redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(next_free, 0) / 1000000) + 1000)
  end
end
