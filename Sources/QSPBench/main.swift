// Benchmarks live here (see scripts/bench). Filled in by the Ethereum and analyzer work.
print("qsp-bench: no benchmarks yet")
