-- wrk script: a mixed load of prepared requests (reads, contact creation, portal sign-ins).
-- Arguments (after "--"): a file of "kind<TAB>method<TAB>path<TAB>host<TAB>cookie<TAB>body"
-- lines, the User-Agent to send and the number of this run. "__N__" in a body becomes a number
-- unique across runs (new contacts need unique email addresses). Every request comes from its own X-Forwarded-For
-- address (the server trusts one proxy), as a crowd of users would.
-- Expected answers: "read" 200, "create" and "signin" a redirect (302/303). An answer belongs to
-- the thread's last request, so run it with one connection per thread (-c equal to -t). (wrk
-- calls request() once more on its first thread to check it, so a queue would drift.)
-- Prints one "MIXED key=value ..." line that bench/scale.py parses.

local threads = {}

function setup(thread)
   thread:set("offset", #threads)
   table.insert(threads, thread)
end

function init(args)
   lines = {}
   for line in io.lines(args[1]) do
      local kind, method, path, host, cookie, body =
         line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]*)\t(.*)$")
      lines[#lines + 1] = {kind = kind, method = method, path = path, host = host,
                           cookie = cookie, body = body}
   end
   agent = args[2]
   index = (offset * 7919) % #lines
   serial = tonumber(args[3]) * 1000000000 + offset * 10000000
   counts = {read = 0, create = 0, signin = 0}
   server_errors, unexpected, first_unexpected = 0, 0, ""
end

function request()
   index = index % #lines + 1
   local line = lines[index]
   serial = serial + 1
   local headers = {
      ["Host"] = line.host,
      ["User-Agent"] = agent,
      ["X-Forwarded-For"] = string.format("10.%d.%d.%d", serial % 200,
                                          math.floor(serial / 200) % 250,
                                          math.floor(serial / 50000) % 250 + 1),
   }
   if line.cookie ~= "" then headers["Cookie"] = line.cookie end
   local body = nil
   if line.method == "POST" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      body = line.body:gsub("__N__", tostring(serial))
   end
   in_flight = line  -- one connection per thread: one request at a time
   return wrk.format(line.method, line.path, headers, body)
end

function response(status, headers, body)
   local line = in_flight
   local kind = line.kind
   counts[kind] = counts[kind] + 1
   local expected = (kind == "read" and status == 200)
      or (kind ~= "read" and (status == 302 or status == 303))
   if status >= 500 then server_errors = server_errors + 1 end
   if not expected then
      unexpected = unexpected + 1
      if first_unexpected == "" then
         first_unexpected = string.format("%s:%d:%s%s->%s", kind, status, line.host, line.path,
                                          headers["Location"] or "")
      end
   end
end

function done(summary, latency, requests)
   local totals = {read = 0, create = 0, signin = 0}
   local fivexx, bad, first = 0, 0, "-"
   for _, thread in ipairs(threads) do
      for _, kind in ipairs({"read", "create", "signin"}) do
         totals[kind] = totals[kind] + thread:get("counts")[kind]
      end
      fivexx = fivexx + thread:get("server_errors")
      bad = bad + thread:get("unexpected")
      if first == "-" and thread:get("first_unexpected") ~= "" then
         first = thread:get("first_unexpected")
      end
   end
   local e = summary.errors
   io.write(string.format(
      "MIXED requests=%d duration_us=%d p50_us=%d p99_us=%d read=%d create=%d signin=%d "
      .. "5xx=%d unexpected=%d first_unexpected=%s socket_errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      totals.read, totals.create, totals.signin, fivexx, bad, first,
      e.connect + e.read + e.write + e.timeout))
end
