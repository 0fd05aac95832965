"""Reading: one file on disk becomes an Entry or a Problem; a vault becomes a Journal."""
