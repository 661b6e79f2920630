"""The programme's rhythm: workshops, coaching calls, trio meetings and the celebration event.

model: a session, its kind (guessed from a title), the reflection it suggests, local time;
rhythm: what is coming and due now (Home), the sessions a "Which session was it?" step
offers, the next call a coaching debrief names. The journal stores sessions (sessions.json);
importing/ics.py reads calendars in, export/ics.py writes sessions and reminders out.

This package imports nothing at its top, so the journal can import the model alone.
"""
