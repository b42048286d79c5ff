"""Views of the projects app: project pages and panels (`projects.py`), files (`files.py`)."""
