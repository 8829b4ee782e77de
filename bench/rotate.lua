-- wrk script: GET wrk.path rotating through (Host, Cookie) pairs, counting non-200 answers.
-- Arguments (after "--"): a file of "host<TAB>cookie" lines, and the User-Agent to send.
-- Prints one "BENCH key=value ..." line that bench/harness.py parses.

local threads = {}

function setup(thread)
   thread:set("offset", #threads)
   table.insert(threads, thread)
end

function init(args)
   requests_ = {}
   for line in io.lines(args[1]) do
      local host, cookie = line:match("^([^\t]+)\t(.*)$")
      requests_[#requests_ + 1] = wrk.format("GET", wrk.path, {
         ["Host"] = host,
         ["Cookie"] = cookie,
         ["User-Agent"] = args[2],
      })
   end
   -- Threads start at different points of the list so they do not move in lockstep.
   index = (offset * 7919) % #requests_
   non200 = 0
   first_bad = 0
end

function request()
   index = index % #requests_ + 1
   return requests_[index]
end

function response(status, headers, body)
   if status ~= 200 then
      non200 = non200 + 1
      if first_bad == 0 then first_bad = status end
   end
end

function done(summary, latency, requests)
   local bad, first = 0, 0
   for _, thread in ipairs(threads) do
      bad = bad + thread:get("non200")
      if first == 0 then first = thread:get("first_bad") end
   end
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non200=%d first_bad=%d socket_errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      bad, first, e.connect + e.read + e.write + e.timeout))
end
