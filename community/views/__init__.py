"""Views of the community app: the forum (`forum.py`) and its moderation (`moderation.py`)."""
