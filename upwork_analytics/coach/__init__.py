"""Coach: reviewing a draft proposal against one's own history. The review itself, the
suggestions backed by one's own drivers, and its text and HTML presentation.

May import everything below it (``reports``, ``analysis``, ``features``, ``load``, ``schema``,
``exceptions``, ``paths``); only ``cli`` imports the coach.
"""
