"""Benchmarks for the dashboard (`make bench` = `python -m bench`). See bench/README.md.

They print figures next to the budgets and a baseline measured in the same run; they never fail on a timing.
Only 127.0.0.1 is contacted. Output: bench/out/ (gitignored).
"""
