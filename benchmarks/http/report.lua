-- wrk script for run.sh: after the run, print one machine-readable line with requests/s,
-- latency percentiles (microseconds) and every kind of error wrk counts.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.0f p50_us=%d p99_us=%d max_us=%d requests=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max,
    summary.requests, e.connect, e.read, e.write, e.timeout, e.status))
end
