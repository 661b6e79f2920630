"""What a face shows: read from the journal, no drawing."""
