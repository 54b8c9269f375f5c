"""Qt widgets: each screen is a view (layout only, `x_view.py`) and a controller (behaviour, `x.py`)."""
