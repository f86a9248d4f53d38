-- Herald's shared log in Redis: every operation on it, each one atomic.
--
-- KEYS[1] the stream: one entry per update, id "<sequence>-<append time in ms>",
--         fields e (epoch), i (event id), u (the update as JSON)
-- KEYS[2] the index: event id -> sequence of its newest update, trimmed with the stream
-- KEYS[3] the meta hash: epoch (this life of the log), seq (the last sequence given out)
--
-- ARGV[1] the operation, ARGV[2] an epoch to start with if the log has none (it is new, was
-- flushed, or lost its keys): the remains of an older life are dropped, so positions of two
-- lives never mix.
--
--   append  ARGV[3] event id, ARGV[4] update JSON, ARGV[5] most entries kept, ARGV[6] most age
--           kept in ms (0: no age bound)                        -> {epoch, sequence}
--   read    ARGV[3] "after" or "before", ARGV[4] a sequence (for "before", 0 is the head),
--           ARGV[5] most entries
--                                                               -> {epoch, head, oldest, entries}
--   locate  ARGV[3] event id                                    -> {epoch, head, entry or false}
--   head                                                        -> {epoch, head}
--
-- head is the last sequence given out (0 for none), oldest the first sequence still retained
-- (head + 1 when none is). Sequences are below 2^53 and print as integers.

local stream, index, meta = KEYS[1], KEYS[2], KEYS[3]
local operation, fresh_epoch = ARGV[1], ARGV[2]

local function current_epoch()
  local epoch = redis.call('HGET', meta, 'epoch')
  if not epoch then
    redis.call('DEL', stream, index)
    redis.call('HSET', meta, 'epoch', fresh_epoch, 'seq', 0)
    epoch = fresh_epoch
  end
  return epoch
end

local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local function sequence_of(entry_id)
  return tonumber(string.match(entry_id, '^(%d+)-'))
end

local function appended_at(entry_id)
  return tonumber(string.match(entry_id, '-(%d+)$'))
end

local function event_id_of(fields)
  for i = 1, #fields, 2 do
    if fields[i] == 'i' then
      return fields[i + 1]
    end
  end
end

-- Drops the index entries of trimmed updates, unless the id was reused by a newer update.
local function forget(entries)
  for _, entry in ipairs(entries) do
    local id = event_id_of(entry[2])
    if redis.call('HGET', index, id) == tostring(sequence_of(entry[1])) then
      redis.call('HDEL', index, id)
    end
  end
end

-- Trims the oldest entries beyond max_entries, and (a bounded number per call) those older than
-- max_age_ms, with their index entries.
local function trim(max_entries, max_age_ms)
  local last_dropped = nil
  local excess = redis.call('XLEN', stream) - max_entries
  if excess > 0 then
    local old = redis.call('XRANGE', stream, '-', '+', 'COUNT', excess)
    forget(old)
    last_dropped = sequence_of(old[#old][1])
  end
  if max_age_ms > 0 then
    local cutoff = now_ms() - max_age_ms
    local start = last_dropped and tostring(last_dropped + 1) or '-'
    local expired = {}
    for _, entry in ipairs(redis.call('XRANGE', stream, start, '+', 'COUNT', 100)) do
      if appended_at(entry[1]) >= cutoff then
        break
      end
      expired[#expired + 1] = entry
    end
    if #expired > 0 then
      forget(expired)
      last_dropped = sequence_of(expired[#expired][1])
    end
  end
  if last_dropped then
    redis.call('XTRIM', stream, 'MINID', tostring(last_dropped + 1))
  end
end

local function head_and_oldest()
  local head = tonumber(redis.call('HGET', meta, 'seq'))
  local first = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)
  local oldest = first[1] and sequence_of(first[1][1]) or head + 1
  return head, oldest
end

if operation == 'append' then
  local epoch = current_epoch()
  local sequence = redis.call('HINCRBY', meta, 'seq', 1)
  local event_id = ARGV[3]
  redis.call('XADD', stream, sequence .. '-' .. now_ms(), 'e', epoch, 'i', event_id, 'u', ARGV[4])
  redis.call('HSET', index, event_id, sequence)
  trim(tonumber(ARGV[5]), tonumber(ARGV[6]))
  return {epoch, sequence}
end

if operation == 'read' then
  local epoch = current_epoch()
  local head, oldest = head_and_oldest()
  local from, count = tonumber(ARGV[4]), tonumber(ARGV[5])
  local entries
  if ARGV[3] == 'after' then
    entries = redis.call('XRANGE', stream, tostring(from + 1), '+', 'COUNT', count)
  else
    local newest = from > 0 and tostring(from - 1) or '+'
    entries = redis.call('XREVRANGE', stream, newest, '-', 'COUNT', count)
  end
  return {epoch, head, oldest, entries}
end

if operation == 'locate' then
  local epoch = current_epoch()
  local head = tonumber(redis.call('HGET', meta, 'seq'))
  local sequence = redis.call('HGET', index, ARGV[3])
  local entry = false
  if sequence then
    entry = redis.call('XRANGE', stream, sequence, sequence)[1] or false
  end
  return {epoch, head, entry}
end

if operation == 'head' then
  local epoch = current_epoch()
  return {epoch, tonumber(redis.call('HGET', meta, 'seq'))}
end

return redis.error_reply('unknown operation ' .. tostring(operation))
