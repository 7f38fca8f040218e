"""News intake: fetch (guarded HTTP), feeds, extract (trafilatura), chunk, ingest."""
