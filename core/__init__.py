"""The core every layer stands on: the graph model (``model.py``) and the exception tree
(``errors.py``). Nothing here imports anything else of ours."""
