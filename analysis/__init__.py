"""Analysis: what works on parsed plans (``PlanDoc``) without a store: dependencies inferred
within a plan, similarity, comparison of two versions (units, sentences, targets), metric series,
and how numbers and names are shown to people (``present.py``)."""
