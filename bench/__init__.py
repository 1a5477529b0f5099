"""Quality and speed benchmarks over ../shared/data; `make bench` runs them all."""
