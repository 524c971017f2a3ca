/**
 * The result script's fast path (see APPLY_RESULTS in scripts.ts, where this text is placed after the
 * history steps of lua-result-history.ts and the script's locals).
 */
export const LUA_RESULT_STEADY = `-- The steady case, most results: an ok run of a monitor that is up with no failure streak, and no
-- alert to send. Only the last-run fields and the counters change, from six fields read.
local STEADY_FIELDS = { 'status', 'lastFireTime', 'consecutiveFailures', 'consecutiveSuccesses', 'rolledTo', 'unrolled' }
local function applySteady(a, id, stateKey, st, fireText, fire)
  local rolledTo, unrolled, folded, dailyFrom = recordHistory(a, id, stateKey, fire, true, nil, rolledFrom(st[5], st[2]), st[6])
  -- lastResult is 'ok' already: a success streak is running.
  local fields = { 'last', ARGV[a + 4], 'lastRunAt', nowText, 'lastFireTime', fireText, 'consecutiveSuccesses', fmt(num(st[4]) + 1) }
  putHistory(fields, st, 5, rolledTo, unrolled, dailyFrom)
  call('HSET', stateKey, unpack(fields))
  -- The status is unchanged, so its index is too: checked (and healed, as applyOne does) only when the runs are
  -- folded, not at every run.
  if folded then dropOldLastFields(stateKey) end
  if folded and call('SADD', KEYS[3], id) == 1 then
    call('SREM', KEYS[2], id)
    call('SREM', KEYS[4], id)
  end
  return 'applied'
end
`;
