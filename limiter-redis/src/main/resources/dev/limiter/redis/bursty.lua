-- limiter-core's SmoothBurstyRateLimiter: one theoretical arrival time (next), stored
-- idle time up to the maximum burst (in ns).
local function bursty(l, max_burst)
  max_burst = tonumber(max_burst)
  local interval = 1e9 / l.rate
  local tat = stored_next(l)
  if tat >= LIMIT and l.rate_changed then
    -- a rate change reopens a saturated debt: one interval at the new rate
    tat = cost_nanos(interval)
  end

  -- the next free moment, relative to now
  function l.next_free() return tat end

  -- takes permits for a call that runs at the given moment (0: now)
  function l.grant(permits, at)
    local start = math.max(tat, at - max_burst)
    tat = start + cost_nanos(permits * interval)
    write(l, tat, '0')
  end

  -- writes the state again, at the live rate
  function l.touch()
    if l.state[1] then write(l, tat, '0') end
  end

  function l.snapshot()
    local stored_nanos = min(max_burst, math.max(0, -tat))
    return { text(l.rate), text(stored_nanos / interval), text(max_burst / interval), text(max_burst / interval),
      text(math.max(0, 1.0 - stored_nanos / interval) * interval), string.format('%.0f', math.max(0, tat)) }
  end

  return l
end
