"""Everything rendered for people: wording, palette and the transcript/review formats."""
