-- Art. 34's page reads the repeat links of the last year (events of kind
-- `linked`); a partial index finds them without reading every event.
CREATE INDEX events_linked ON events(at) WHERE kind = 'linked';
