"""The engine: model, scripts, session and the views a face shows; never a face library."""
