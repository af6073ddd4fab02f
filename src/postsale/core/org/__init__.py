"""Org design (C6): the four organization models as concrete org charts.

``chart`` holds the data model (positions and reporting lines), ``layers`` places leadership by
span of control, and one module per model builds its chart from the plan's requirements and the book.
"""
