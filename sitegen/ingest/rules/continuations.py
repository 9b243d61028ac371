"""Rule `continuations`: (not yet written)."""
NAME = "continuations"


def apply(state, context):
    return state


def apply_batch(states, context):
    return states
