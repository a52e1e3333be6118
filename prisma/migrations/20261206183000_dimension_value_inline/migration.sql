-- Hand-written (docs/decisions/0011). nps_dimension_value had sub-selects in its body (for number bands), so
-- PostgreSQL could not inline it: every row of a rebuild, and every raw-path row of a dashboard query, paid a
-- SQL-function call per dimension (measured: rebuilds at ~1,300 responses/s). The same definition, with the band
-- label moved into a PL/pgSQL function that only NUMBER dimensions with bands reach, is a plain expression
-- PostgreSQL inlines into the caller's query.
CREATE OR REPLACE FUNCTION nps_band_label(raw text, bands jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  v numeric := trim(raw)::numeric;
  lo text;
  hi text;
BEGIN
  SELECT e INTO lo FROM jsonb_array_elements_text(bands) e WHERE e::numeric <= v ORDER BY e::numeric DESC LIMIT 1;
  SELECT e INTO hi FROM jsonb_array_elements_text(bands) e WHERE e::numeric > v ORDER BY e::numeric LIMIT 1;
  RETURN CASE WHEN lo IS NULL THEN '<' || hi WHEN hi IS NULL THEN '≥' || lo ELSE lo || '–' || hi END;
END
$$;

CREATE OR REPLACE FUNCTION nps_dimension_value(raw text, kind "AttributeKind", bands jsonb, aliases jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN raw IS NULL OR raw = '' THEN ''
    WHEN kind = 'NUMBER' AND jsonb_typeof(bands) = 'array' AND jsonb_array_length(bands) > 0
         AND raw ~ '^\s*-?[0-9]+(\.[0-9]+)?\s*$' THEN nps_band_label(raw, bands)
    ELSE coalesce(aliases ->> raw, raw)
  END
$$;
