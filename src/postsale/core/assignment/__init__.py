"""Book assignment (C7): accounts to named positions — balanced, constrained, continuity-first."""
