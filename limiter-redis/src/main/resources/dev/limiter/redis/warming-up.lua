-- limiter-core's SmoothWarmingUpRateLimiter: the next free moment and the stored
-- permits, priced by the warm-up curve (see that class for the derivation); the warm-up
-- in ns.
local function warming_up(l, warmup, cold_factor)
  warmup = tonumber(warmup)
  cold_factor = tonumber(cold_factor)

  local function curve(r)
    local stable = 1e9 / r
    local cold = stable * cold_factor
    local threshold = 0.5 * warmup / stable
    local max = threshold + 2.0 * warmup / (stable + cold)
    return { stable = stable, threshold = threshold, max = max,
      slope = (cold - stable) / (max - threshold), idle = max / warmup }
  end

  local c = curve(l.rate)
  local next_free = stored_next(l)
  local stored
  if l.state[1] then stored = tonumber(l.state[3]) else stored = c.max end

  local function stored_after(curve_, s, idle_nanos)
    if idle_nanos <= 0 then return s end
    return min(curve_.max, s + idle_nanos * curve_.idle)
  end

  local function resync(curve_, t)
    if t > next_free then
      stored = stored_after(curve_, stored, t - next_free)
      next_free = t
    end
  end

  local function stored_cost(s, take)
    local above = s - c.threshold
    if above <= 0.0 then return c.stable * take end
    local taken_above = min(above, take)
    local middle = c.stable + c.slope * (above - 0.5 * taken_above)
    return taken_above * middle + c.stable * (take - taken_above)
  end

  if l.rate_changed then
    -- the rate changed since this limiter was last written: as RateLimiter#setRate,
    -- stored permits keep their share of the rescaled maximum, a saturated debt reopens
    local old = curve(tonumber(l.state[4]))
    resync(old, 0)
    stored = stored * c.max / old.max
    if next_free >= LIMIT then next_free = cost_nanos(c.stable) end
  end

  function l.next_free() return next_free end

  function l.grant(permits, at)
    resync(c, at)
    local from_stored = min(permits, stored)
    local fresh = permits - from_stored
    local cost = stored_cost(stored, from_stored) + fresh * c.stable
    next_free = next_free + cost_nanos(cost)
    stored = stored - from_stored
    write(l, next_free, stored)
  end

  function l.touch()
    if l.state[1] then write(l, next_free, stored) end
  end

  function l.snapshot()
    local s = stored_after(c, stored, -next_free)
    local from_stored = min(1.0, s)
    local next_permit = stored_cost(s, from_stored) + (1.0 - from_stored) * c.stable
    return { text(l.rate), text(s), text(c.threshold), text(c.max), text(next_permit),
      string.format('%.0f', math.max(0, next_free)) }
  end

  return l
end
