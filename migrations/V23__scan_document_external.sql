-- raw_gzip holds gzip bytes: PostgreSQL's TOAST compression of them never succeeds, and trying cost
-- each scan's insert a pass of pglz over some 30 kB. Stored out of line as they are.
alter table scan_document alter column raw_gzip set storage external;
