"""Projection (C8): the organization month by month — the Monte Carlo engine over churn, expansion
and arrivals (``montecarlo``) and the hiring calendar that opens requisitions in time (``hiring``)."""
