"""The curators' tools: checks of knowledge/ and what an edit changes."""
