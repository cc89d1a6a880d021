-- wrk script for bench/loadtest.sh: GET the API paths of $PATHS (comma-separated) in turn with $TOKEN,
-- and print one RESULT line with requests/s, percentiles and error counts.
local token = os.getenv("TOKEN")
local paths = {}
for path in string.gmatch(os.getenv("PATHS"), "[^,]+") do paths[#paths + 1] = path end
local next_path = 0

request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path], { ["Authorization"] = "Token " .. token, ["Host"] = "127.0.0.1" })
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f requests_per_s=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f socket_errors=%d non_2xx_3xx=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
