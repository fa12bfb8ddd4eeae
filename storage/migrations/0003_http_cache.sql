-- The HTTP validators of the pages raqib has read (listings, feeds,
-- articles), so that the next pass, even in a new process, asks for each
-- page conditionally and skips what the site says has not changed. A cache:
-- losing a row costs one full fetch.
CREATE TABLE http_cache (
    url           TEXT PRIMARY KEY,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    updated       TEXT NOT NULL      -- RFC 3339 UTC
) WITHOUT ROWID;
