package dev.optimizer.batch.internal.redis;

import dev.optimizer.redis.RedisScript;

/**
 * Every state change of the Redis job store, each one Lua script run with EVALSHA. All keys of a store
 * share the hash tag {@code {<namespace>}}, so a script may touch the job's hash, its streams, the counts and
 * the dead letters atomically, also on Redis Cluster (one slot per store). Times are the Redis server's
 * ({@code TIME}), so leases do not depend on the nodes' clocks.
 *
 * <p>Job hash fields: {@code h} handler, {@code st} state, {@code pr} priority, {@code n} items, {@code nb}
 * batches, {@code bs} batch size, {@code bd} batches finished, {@code d}/{@code f} items done/failed, {@code rn}
 * batches leased now, {@code cx} cancel requested, {@code fence} last fencing token, {@code ct}/{@code t0}/{@code
 * ft} created/started/finished (ms), {@code ttl}, {@code ik} idempotency key, {@code md} metadata, {@code err} a
 * typed job error, {@code w} until when (ms) a node observes progress, and per batch {@code l:<b>} lease ({@code
 * token|owner|expiry}), {@code dv:<b>} deliveries, {@code rc:<b>} takeovers after an expired lease. A batch's items
 * travel in its stream entry (field {@code p}, with {@code j} job and {@code b} batch), as in a bare queue, so a
 * take reads them with the entry; results per batch live in {@code <job>:out}.
 */
final class StoreScripts {
  private StoreScripts() {}

  private static final String COMMON = """
      local VALID = {QUEUED=1, RUNNING=1, COMPLETED=1, FAILED=1, CANCELLED=1}
      local TERMINAL = {COMPLETED=1, FAILED=1, CANCELLED=1}
      local function nowms()
        local t = redis.call('TIME')
        return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      end
      local INTS = {'n', 'nb', 'bs', 'bd', 'd', 'f', 'rn', 'ttl', 'fence'}
      -- The checks of a job hash on values already read (st, h, then the INTS in their order), so that a
      -- script reads the hash once (HMGET) for its checks and its own fields.
      local function damaged(st, h, ints)
        if not VALID[st or ''] then return "field 'st' is '" .. tostring(st) .. "', not a job state" end
        for i = 1, #INTS do
          if not ints[i] or not string.match(ints[i], '^%-?%d+$') then
            return "field '" .. INTS[i] .. "' is '" .. tostring(ints[i]) .. "', not an integer"
          end
        end
        if not h then return "field 'h' (the handler) is missing" end
        return nil
      end
      local function corrupt(jk)
        local v = redis.call('HMGET', jk, 'st', 'h', unpack(INTS))
        return damaged(v[1], v[2], {v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]})
      end
      local function markCorrupt(jk, counts, now, msg, ttl)
        local st = redis.call('HGET', jk, 'st')
        if VALID[st or ''] then redis.call('HINCRBY', counts, st, -1) end
        redis.call('HSET', jk, 'st', 'FAILED', 'err', 'CORRUPT_JOB: ' .. msg, 'ft', now)
        redis.call('HINCRBY', counts, 'FAILED', 1)
        redis.call('PEXPIRE', jk, ttl)
        redis.call('PEXPIRE', jk .. ':out', ttl)
      end
      local function finalize(jk, counts, now)
        local v = redis.call('HMGET', jk, 'st', 'nb', 'bd', 'f', 'rn', 'cx', 'ttl', 'ik')
        local st = v[1]
        if TERMINAL[st] then return st end
        local final = nil
        if tonumber(v[3]) >= tonumber(v[2]) then
          if tonumber(v[4]) > 0 then final = 'FAILED' else final = 'COMPLETED' end
        elseif v[6] == '1' and tonumber(v[5]) <= 0 then
          final = 'CANCELLED'
        end
        if not final then return st end
        redis.call('HSET', jk, 'st', final, 'ft', now)
        redis.call('HINCRBY', counts, st, -1)
        redis.call('HINCRBY', counts, final, 1)
        local ttl = tonumber(v[7])
        redis.call('PEXPIRE', jk, ttl)
        redis.call('PEXPIRE', jk .. ':out', ttl)
        if v[8] and v[8] ~= '' then redis.call('PEXPIRE', v[8], ttl) end
        return final
      end
      """;

  /**
   * KEYS: 1 id counter, 2 handlers, 3 stream, 4 priority set of the handler, 5 idempotency key (or any key
   * of the store when none), 6 counts. ARGV: 1 handler, 2 priority, 3 items, 4 batch size, 5 batches,
   * 6 idempotency key or '', 7 handler timeout ms, 8 metadata, 9 ttl ms, 10 group, 11 key prefix, 12 channel,
   * 13.. one payload per batch. Returns {id, created (1) or existing (0)}.
   */
  static final RedisScript SUBMIT = RedisScript.of(COMMON + """
      local now = nowms()
      if ARGV[6] ~= '' then
        local existing = redis.call('GET', KEYS[5])
        if existing and redis.call('EXISTS', ARGV[11] .. 'job:' .. existing) == 1 then
          return {tonumber(existing), 0}
        end
      end
      local id = redis.call('INCR', KEYS[1])
      local jk = ARGV[11] .. 'job:' .. id
      local ik = ''
      if ARGV[6] ~= '' then ik = KEYS[5] end
      redis.call('HSET', jk, 'h', ARGV[1], 'st', 'QUEUED', 'pr', ARGV[2], 'n', ARGV[3], 'bs', ARGV[4],
          'nb', ARGV[5], 'bd', 0, 'd', 0, 'f', 0, 'rn', 0, 'cx', 0, 'fence', 0, 'ct', now, 'ttl', ARGV[9],
          'ik', ik, 'md', ARGV[8], 'q', KEYS[3])
      redis.call('HINCRBY', KEYS[6], 'QUEUED', 1)
      redis.call('SADD', ARGV[11] .. 'queues', KEYS[3])
      if ik ~= '' then redis.call('SET', ik, id) end
      local seen = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '-1')
      if seen < 0 or now - seen > tonumber(ARGV[7]) then
        redis.call('HSET', jk, 'err', 'UNKNOWN_HANDLER: no node registered handler \\'' .. ARGV[1] ..
            '\\' within the last ' .. ARGV[7] .. ' ms', 'bd', ARGV[5], 'f', ARGV[3])
        local st = finalize(jk, KEYS[6], now)
        redis.call('PUBLISH', ARGV[12], id .. ':' .. st)
        return {id, 1, st}
      end
      if tonumber(ARGV[5]) == 0 then
        local st = finalize(jk, KEYS[6], now)
        redis.call('PUBLISH', ARGV[12], id .. ':' .. st)
        return {id, 1, st}
      end
      if redis.call('ZADD', KEYS[4], 'NX', ARGV[2], KEYS[3]) == 1 or redis.call('EXISTS', KEYS[3]) == 0 then
        pcall(redis.call, 'XGROUP', 'CREATE', KEYS[3], ARGV[10], '0', 'MKSTREAM')
      end
      for b = 0, tonumber(ARGV[5]) - 1 do
        redis.call('XADD', KEYS[3], '*', 'j', id, 'b', b, 'p', ARGV[13 + b])
      end
      return {id, 1, 'QUEUED'}
      """);

  /**
   * The take of one delivered entry: checks the job, its batch and its lease; dead-letters the batch past
   * maxDeliveries; otherwise issues a new fencing token and leases the batch to {@code owner}. Returns
   * {'OK', token, deliveries, reclaimed, payload, handler, items, batch size} or {outcome, detail}.
   */
  private static final String TAKE_FN = """
      local function take(jk, b, stream, eid, owner, leaseMs, group, maxDeliveries, channel, jobId, deadKey,
          deadCap, counts, ttl, payload)
        local now = nowms()
        local function ack()
          redis.call('XACK', stream, group, eid)
          redis.call('XDEL', stream, eid)
        end
        -- One read for the checks and every field this take needs.
        local v = redis.call('HMGET', jk, 'st', 'h', 'n', 'nb', 'bs', 'bd', 'd', 'f', 'rn', 'ttl', 'fence', 'cx',
            'l:' .. b, 'dv:' .. b, 'err')
        if not v[1] and not v[2] and redis.call('EXISTS', jk) == 0 then ack() return {'GONE'} end
        local bad = damaged(v[1], v[2], {v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]})
        if not bad and not TERMINAL[v[1]] then
          local bi = tonumber(b)
          if not bi or bi < 0 or bi >= tonumber(v[4]) then bad = 'batch ' .. b .. ' is outside 0..' .. (v[4] - 1) end
        end
        if bad then
          if not TERMINAL[v[1] or ''] or not v[15] then
            markCorrupt(jk, counts, now, bad, tonumber(ttl))
            redis.call('PUBLISH', channel, jobId .. ':FAILED')
          end
          ack()
          return {'CORRUPT', bad}
        end
        if TERMINAL[v[1]] then ack() return {'FINISHED'} end
        if redis.call('HEXISTS', jk .. ':out', b) == 1 then ack() return {'DONE'} end
        local lease = v[13]
        if lease and tonumber(string.match(lease, '|(%d+)$') or '0') > now then return {'LEASED'} end
        if v[12] == '1' then
          if lease then
            redis.call('HDEL', jk, 'l:' .. b)
            redis.call('HINCRBY', jk, 'rn', -1)
          end
          ack()
          local st = finalize(jk, counts, now)
          redis.call('PUBLISH', channel, jobId .. ':' .. st)
          return {'CANCELLED'}
        end
        local reclaimed = 0
        local rn = tonumber(v[9])
        if lease then
          reclaimed = 1
          redis.call('HINCRBY', jk, 'rc:' .. b, 1)
        else
          rn = rn + 1
        end
        local dv = (tonumber(v[14] or '0') or 0) + 1
        if dv > tonumber(maxDeliveries) then
          local n, bs, bi = tonumber(v[3]), tonumber(v[5]), tonumber(b)
          local cnt = math.min(bs, n - bi * bs)
          redis.call('HSET', jk .. ':out', b, 'D' .. (dv - 1))
          redis.call('HSET', jk, 'dv:' .. b, dv, 'f', tonumber(v[8]) + cnt, 'bd', tonumber(v[6]) + 1, 'rn', rn - 1)
          redis.call('HDEL', jk, 'l:' .. b)
          redis.call('LPUSH', deadKey, jobId .. '|' .. b .. '|' .. v[2] .. '|' .. (dv - 1) .. '|' .. now)
          redis.call('LTRIM', deadKey, 0, tonumber(deadCap) - 1)
          ack()
          local st = finalize(jk, counts, now)
          redis.call('PUBLISH', channel, jobId .. ':' .. st)
          return {'DEAD', dv - 1}
        end
        local token = tonumber(v[11]) + 1
        if v[1] == 'QUEUED' then
          redis.call('HSET', jk, 'fence', token, 'l:' .. b, token .. '|' .. owner .. '|' .. (now + tonumber(leaseMs)),
              'dv:' .. b, dv, 'rn', rn, 'st', 'RUNNING', 't0', now)
          redis.call('HINCRBY', counts, 'QUEUED', -1)
          redis.call('HINCRBY', counts, 'RUNNING', 1)
        else
          redis.call('HSET', jk, 'fence', token, 'l:' .. b, token .. '|' .. owner .. '|' .. (now + tonumber(leaseMs)),
              'dv:' .. b, dv, 'rn', rn)
        end
        if not payload then
          local e = redis.call('XRANGE', stream, eid, eid)
          payload = ''
          if e[1] then
            for f = 1, #e[1][2], 2 do if e[1][2][f] == 'p' then payload = e[1][2][f + 1] end end
          end
        end
        return {'OK', token, dv, reclaimed, payload, v[2], v[3], v[5]}
      end

      -- The next undelivered entry (XREADGROUP without BLOCK, allowed in scripts) of the first of the streams
      -- KEYS[first..] that has one, taken; entries of finished jobs are acknowledged on the way (at most 16).
      local function readNext(first, dead, counts, owner, leaseMs, group, maxDeliveries, channel, deadCap, ttl,
          prefix)
        local skipped = 0
        for i = first, #KEYS do
          while skipped < 16 do
            local r = redis.call('XREADGROUP', 'GROUP', group, owner, 'COUNT', 1, 'STREAMS', KEYS[i], '>')
            if not r or not r[1] or #r[1][2] == 0 then break end
            local entry = r[1][2][1]
            local eid, fields = entry[1], entry[2]
            local j, b, p = nil, nil, ''
            for f = 1, #fields, 2 do
              local name = fields[f]
              if name == 'j' then j = fields[f + 1] elseif name == 'b' then b = fields[f + 1]
              elseif name == 'p' then p = fields[f + 1] end
            end
            if not j or not b then
              redis.call('XACK', KEYS[i], group, eid)
              redis.call('XDEL', KEYS[i], eid)
            else
              local out = take(prefix .. 'job:' .. j, b, KEYS[i], eid, owner, leaseMs, group, maxDeliveries, channel,
                  j, dead, deadCap, counts, ttl, p)
              if out[1] == 'OK' or out[1] == 'LEASED' then
                out[9], out[10], out[11], out[12] = KEYS[i], eid, j, b
                for k = 2, 8 do if out[k] == nil then out[k] = '' end end
                return out
              end
            end
            skipped = skipped + 1
          end
        end
        return {'EMPTY'}
      end
      """;

  /**
   * KEYS: 1 job, 2 stream, 3 dead letters, 4 counts. ARGV: 1 batch, 2 owner, 3 lease ms, 4 entry id, 5 group,
   * 6 max deliveries, 7 channel, 8 job id, 9 dead-letter capacity, 10 ttl ms for a damaged job. The take of
   * one entry this node already holds (blocking read, XAUTOCLAIM).
   */
  static final RedisScript TAKE = RedisScript.of(COMMON + TAKE_FN + """
      return take(KEYS[1], ARGV[1], KEYS[2], ARGV[4], ARGV[2], ARGV[3], ARGV[5], ARGV[6], ARGV[7], ARGV[8], KEYS[3],
          ARGV[9], KEYS[4], ARGV[10])
      """);

  /**
   * KEYS: 1 dead letters, 2 counts, 3.. the streams, highest priority first. ARGV: 1 owner (the consumer),
   * 2 lease ms, 3 group, 4 max deliveries, 5 channel, 6 dead-letter capacity, 7 ttl ms, 8 key prefix. Reads
   * the next undelivered entry (XREADGROUP without BLOCK, allowed in scripts) of the first stream that has
   * one and takes it, in one round trip; entries of finished jobs are acknowledged on the way (at most 16).
   * Returns what {@code take} returns followed by stream, entry id, job id and batch; or {'EMPTY'}.
   */
  static final RedisScript READ_AND_TAKE = RedisScript.of(COMMON + TAKE_FN + """
      return readNext(3, KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8])
      """);

  /**
   * The completion of batch {@code b} with fencing token {@code token}: rejected (and counted in the job's
   * {@code stale} field) unless the batch's lease still carries that token. One HMGET for the checks and
   * the counts, one HSET for the new counts (and the final state when this was the last batch). Publishes
   * the job's end, and its progress only while some node observes it.
   */
  private static final String COMPLETE_FN = """
      local function complete(jk, b, token, payload, done, failed, stream, eid, group, channel, jobId, counts)
        local v = redis.call('HMGET', jk, 'l:' .. b, 'st', 'h', 'n', 'nb', 'bs', 'bd', 'd', 'f', 'rn', 'ttl', 'fence',
            'cx', 'ik', 'w')
        if not v[2] and not v[3] and redis.call('EXISTS', jk) == 0 then return {'GONE'} end
        local lease = v[1]
        if not lease or string.match(lease, '^(%d+)|') ~= token then
          redis.call('HINCRBY', jk, 'stale', 1)
          return {'STALE'}
        end
        if TERMINAL[v[2] or ''] or damaged(v[2], v[3], {v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]}) then
          redis.call('HDEL', jk, 'l:' .. b)
          return {'FINISHED'}
        end
        local now = nowms()
        redis.call('HSET', jk .. ':out', b, payload)
        local st = v[2]
        local bd, d, f, rn = tonumber(v[7]) + 1, tonumber(v[8]) + tonumber(done), tonumber(v[9]) + tonumber(failed),
            tonumber(v[10]) - 1
        local final = nil
        if bd >= tonumber(v[5]) then
          if f > 0 then final = 'FAILED' else final = 'COMPLETED' end
        elseif v[13] == '1' and rn <= 0 then
          final = 'CANCELLED'
        end
        redis.call('HDEL', jk, 'l:' .. b)
        if final then
          redis.call('HSET', jk, 'd', d, 'f', f, 'bd', bd, 'rn', rn, 'st', final, 'ft', now)
          redis.call('HINCRBY', counts, st, -1)
          redis.call('HINCRBY', counts, final, 1)
          local ttl = tonumber(v[11])
          redis.call('PEXPIRE', jk, ttl)
          redis.call('PEXPIRE', jk .. ':out', ttl)
          if v[14] and v[14] ~= '' then redis.call('PEXPIRE', v[14], ttl) end
          st = final
        else
          redis.call('HSET', jk, 'd', d, 'f', f, 'bd', bd, 'rn', rn)
        end
        redis.call('XACK', stream, group, eid)
        redis.call('XDEL', stream, eid)
        -- A step is told only while a node observes the job's progress ('w', see OBSERVE); the end always.
        if final or (tonumber(v[15] or '') or 0) > now then redis.call('PUBLISH', channel, jobId .. ':' .. st) end
        return {'OK', st}
      end
      """;

  /**
   * KEYS: 1 job, 2 stream, 3 counts. ARGV: 1 batch, 2 token, 3 payload, 4 items done, 5 items failed,
   * 6 entry id, 7 group, 8 channel, 9 job id. Returns {'OK', state} or {'STALE'} / {'GONE'} / {'FINISHED'}.
   */
  static final RedisScript COMPLETE = RedisScript.of(COMMON + COMPLETE_FN + """
      return complete(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], KEYS[2], ARGV[6], ARGV[7], ARGV[8],
          ARGV[9], KEYS[3])
      """);

  /**
   * COMPLETE, then READ_AND_TAKE for the same worker, in one round trip: a busy worker pays one round trip
   * per batch instead of two. KEYS: 1 job, 2 stream, 3 counts, 4 dead letters, 5.. the streams, highest
   * priority first. ARGV: 1..9 as COMPLETE, 10 owner, 11 lease ms, 12 max deliveries, 13 dead-letter capacity,
   * 14 ttl ms for a damaged job, 15 key prefix. Returns COMPLETE's two fields (the second '' when absent),
   * then what READ_AND_TAKE returns.
   */
  static final RedisScript COMPLETE_AND_READ = RedisScript.of(COMMON + TAKE_FN + COMPLETE_FN + """
      local c = complete(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], KEYS[2], ARGV[6], ARGV[7], ARGV[8],
          ARGV[9], KEYS[3])
      local out = {c[1], c[2] or ''}
      local r = readNext(5, KEYS[4], KEYS[3], ARGV[10], ARGV[11], ARGV[7], ARGV[12], ARGV[8], ARGV[13], ARGV[14],
          ARGV[15])
      for i = 1, #r do out[i + 2] = r[i] end
      return out
      """);

  /**
   * KEYS: 1 handlers, 2.. one job per held batch. ARGV: 1 owner (also the consumer), 2 lease ms, 3 group,
   * 4 handler count h, 5..4+h handler names, 5+h..4+2h each handler's time per item on this node since its
   * last renewal (ns, or '' when it ran nothing), folded into the store-wide figure (field 'lat ' + name,
   * 0.7 old + 0.3 new), then per job key: batch, token, stream, entry id. Renews every
   * lease whose token is still current (and resets its entry's idle time, so XAUTOCLAIM leaves it alone);
   * returns per batch 1 (renewed), -1 (another worker holds it now: lost) or 0 (no lease any more: the batch
   * was completed, maybe by this very worker a moment ago, dead-lettered, or its job is gone).
   */
  static final RedisScript RENEW = RedisScript.of(COMMON + """
      local now = nowms()
      local h = tonumber(ARGV[4])
      for i = 1, h do
        redis.call('HSET', KEYS[1], ARGV[4 + i], now)
        local sample = tonumber(ARGV[4 + h + i])
        if sample then
          local f = 'lat ' .. ARGV[4 + i]
          local old = tonumber(redis.call('HGET', KEYS[1], f))
          if old then sample = old * 0.7 + sample * 0.3 end
          redis.call('HSET', KEYS[1], f, tostring(sample))
        end
      end
      local out = {}
      for i = 2, #KEYS do
        local base = 4 + 2 * h + (i - 2) * 4
        local b, tok, stream, eid = ARGV[base + 1], ARGV[base + 2], ARGV[base + 3], ARGV[base + 4]
        local lease = redis.call('HGET', KEYS[i], 'l:' .. b)
        if lease and string.match(lease, '^(%d+)|') == tok then
          redis.call('HSET', KEYS[i], 'l:' .. b, tok .. '|' .. ARGV[1] .. '|' .. (now + tonumber(ARGV[2])))
          pcall(redis.call, 'XCLAIM', stream, ARGV[3], ARGV[1], 0, eid, 'JUSTID')
          out[i - 1] = 1
        elseif lease then
          out[i - 1] = -1
        else
          out[i - 1] = 0
        end
      end
      return out
      """);

  /**
   * KEYS: 1 job. ARGV: 1 ms. A node observes the job's progress (a listener or a publisher on its handle)
   * for the next ARGV[1] ms (renewed while it does): COMPLETE publishes each step, not only the end. The
   * field {@code w} holds the Redis time until which. Returns 1, or 0 when the job is unknown.
   */
  static final RedisScript OBSERVE = RedisScript.of(COMMON + """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], 'w', nowms() + tonumber(ARGV[1]))
      return 1
      """);

  /**
   * KEYS: 1 job, 2 its outcomes. Read only: {job hash as HGETALL} and, when the job is finished, its outcomes
   * as a second HGETALL; a finished job's handle learns its state and result in one round trip.
   */
  static final RedisScript READ_JOB = RedisScript.of("""
      local h = redis.call('HGETALL', KEYS[1])
      local st = redis.call('HGET', KEYS[1], 'st')
      if st == 'COMPLETED' or st == 'FAILED' or st == 'CANCELLED' then
        return {h, redis.call('HGETALL', KEYS[2])}
      end
      return {h}
      """);

  /**
   * KEYS: 1 job, 2 counts. ARGV: 1 channel, 2 job id. Returns 1 when the job moved towards CANCELLED, 0 when
   * it was already terminal, -1 when unknown.
   */
  static final RedisScript CANCEL = RedisScript.of(COMMON + """
      local jk = KEYS[1]
      if redis.call('EXISTS', jk) == 0 then return -1 end
      if TERMINAL[redis.call('HGET', jk, 'st') or ''] or corrupt(jk) then return 0 end
      redis.call('HSET', jk, 'cx', 1)
      local st = finalize(jk, KEYS[2], nowms())
      redis.call('PUBLISH', ARGV[1], ARGV[2] .. ':' .. st)
      return 1
      """);
}
