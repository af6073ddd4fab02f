"""Support staffing by queue (issue 12 item 4; DOMAIN.md §9): Erlang C for live channels
(``erlang``), opening hours and arrival profiles (``profile``), the per-channel queue model
(``queue``) and the plan's support detail (``staffing``)."""
