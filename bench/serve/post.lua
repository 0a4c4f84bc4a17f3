-- wrk script: POSTs the JSON body in the file $BODY on every request and, at the end, prints one line:
-- RESULT requests/s p50_ms p99_ms p99.9_ms errors requests   (errors: non-2xx answers and socket errors)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.body = f:read("*a")
f:close()

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.3f %.3f %.3f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout, summary.requests))
end
