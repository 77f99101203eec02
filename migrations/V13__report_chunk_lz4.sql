-- Report files are stored in chunks; pglz (the default TOAST compression) costs seconds on a
-- full-tenant CSV of a few hundred megabytes. lz4 compresses such text nearly as well, many times
-- faster. Servers built without lz4 keep the default.
do $$
begin
  alter table report_chunk alter column data set compression lz4;
exception when others then
  raise notice 'lz4 is not available here; report files keep the default compression';
end
$$;
